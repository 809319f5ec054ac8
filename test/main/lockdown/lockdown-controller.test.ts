import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../main/core/bridge-error';
import { refuseCloseWhileLocked } from '../../../main/lockdown/close-guard';
import { createLockdownSteps, LockdownController, type LockdownDeps } from '../../../main/lockdown/lockdown-controller';
import { silentLogger } from '../../../main/logger';
import { NavigationPolicy } from '../../../main/security/navigation-policy';
import type { SystemProbe } from '../../../main/system/system-probe';
import type { SessionSummary } from '../../../shared/ipc/contract';
import { examPolicySchema, type ExamPolicyInput } from '../../../shared/policy';
import {
  FakeBrowserWindow,
  FakeClipboard,
  FakeGlobalShortcut,
  FakeScreen,
  type FakeWindowPlatform,
} from '../../mocks/electron';
import { recordingSink } from '../../support/lockdown-fakes';

function summary(policy: ExamPolicyInput = {}): SessionSummary {
  return {
    sessionId: '6f1c2a52-5d7e-4c43-9a43-0f7e1c0d2a11',
    state: 'approved',
    exam: {
      id: '7f1c2a52-5d7e-4c43-9a43-0f7e1c0d2a11',
      title: 'Exam',
      mode: 'recording',
      durationMinutes: 60,
      startUrl: 'https://exam.example.edu/',
      allowedUrls: [],
    },
    policy: examPolicySchema.parse(policy),
    candidate: { externalUserId: 'c1', userName: 'C', hasFacePhoto: false },
    preview: false,
  };
}

function deps(processes = [{ pid: 1, name: 'bash' }], platform: FakeWindowPlatform = 'linux') {
  const window = new FakeBrowserWindow({ kiosk: true, fullscreen: true }, { platform });
  const probe: SystemProbe = {
    os: async () => ({ platform: 'linux', distro: 'Debian', release: '13', arch: 'x64' }),
    processes: async () => processes,
    virtualMachineFacts: async () => ({
      virtualFlag: false,
      manufacturer: 'Dell',
      model: 'XPS',
      biosVendor: 'Dell',
      macs: [],
    }),
    displayCount: async () => 1,
    freeDiskBytes: async () => 1e12,
  };
  const navigation = new NavigationPolicy();
  const globalShortcut = new FakeGlobalShortcut();
  const lockdownDeps: LockdownDeps = {
    window: window as never,
    shell: window.webContents as never,
    screen: new FakeScreen() as never,
    createCoverWindow: () => ({ close: () => {}, isDestroyed: () => false }),
    globalShortcut,
    clipboard: new FakeClipboard(),
    navigation,
    probe,
    incidents: recordingSink(),
    processFacts: () => ({ argv: ['vigil'], env: {} }),
    platform,
    log: silentLogger,
  };
  return { lockdownDeps, window, navigation, globalShortcut };
}

describe('lockdown controller', () => {
  it('builds the steps in order: refusing checks first, then the window, input, clipboard and navigation', () => {
    const names = createLockdownSteps(summary(), deps().lockdownDeps).map((step) => step.name);
    expect(names).toEqual([
      'process-integrity',
      'virtual-machine',
      'processes',
      'displays',
      'window',
      'focus',
      'input',
      'clipboard',
      'navigation',
    ]);
  });

  it('engages everything and releases everything (Windows: the window itself is not closable)', async () => {
    const { lockdownDeps, window, navigation, globalShortcut } = deps(undefined, 'win32');
    const controller = new LockdownController(lockdownDeps);
    await controller.engage(summary());
    expect(controller.engaged).toBe(true);
    expect(window.state).toMatchObject({ closable: false, alwaysOnTopLevel: 'screen-saver' });
    expect(globalShortcut.registered.size).toBeGreaterThan(0);
    expect(navigation.allowedExamOrigins).toEqual(new Set(['https://exam.example.edu']));
    await controller.release('exam finished');
    expect(controller.engaged).toBe(false);
    expect(window.state.closable).toBe(true);
    expect(globalShortcut.registered.size).toBe(0);
    expect(navigation.allowedExamOrigins.size).toBe(0);
  });

  it('on Linux, where Electron ignores setClosable, the close guard keeps the window open until the release', async () => {
    const { lockdownDeps, window } = deps(undefined, 'linux');
    const controller = new LockdownController(lockdownDeps);
    let quitAuthorized = false;
    // As main/index.ts wires it.
    refuseCloseWhileLocked(window as never, () => !controller.engaged || quitAuthorized);
    await controller.engage(summary());
    expect(window.state.closable).toBe(true);
    window.close();
    expect(window.state.destroyed).toBe(false);

    // The proctor's password (lockdown:quit) authorises the quit: the window may close while locked.
    quitAuthorized = true;
    window.close();
    expect(window.state.destroyed).toBe(true);
  });

  it('on Linux the window closes once the lockdown is released', async () => {
    const { lockdownDeps, window } = deps(undefined, 'linux');
    const controller = new LockdownController(lockdownDeps);
    refuseCloseWhileLocked(window as never, () => !controller.engaged);
    await controller.engage(summary());
    window.close();
    expect(window.state.destroyed).toBe(false);
    await controller.release('exam finished');
    window.close();
    expect(window.state.destroyed).toBe(true);
  });

  it('a refusing check surfaces its own BridgeError and leaves the window as it was', async () => {
    const { lockdownDeps, window } = deps([{ pid: 3, name: 'obs64.exe' }]);
    const controller = new LockdownController(lockdownDeps);
    const error = (await controller.engage(summary()).catch((e: unknown) => e)) as BridgeError;
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.code).toBe('prohibited_process');
    expect(controller.engaged).toBe(false);
    expect(window.calls.filter(([method]) => method === 'setClosable')).toEqual([]);
  });
});
