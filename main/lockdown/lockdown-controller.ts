/**
 * The lockdown for one exam: builds the ordered steps from the session's policy, applies them when the
 * exam starts and reverts them when it ends, crashes or is quit. Checks that can refuse the start come
 * first, so a refusal changes nothing on screen.
 */
import type { SessionSummary } from '../../shared/ipc/contract';
import type { LockdownPort } from '../core/ports';
import { BridgeError } from '../core/bridge-error';
import type { Logger } from '../logger';
import type { IncidentSink } from '../incidents/incident-reporter';
import type { NavigationPolicy } from '../security/navigation-policy';
import type { ProcessFacts } from '../security/process-integrity';
import { prohibitedProcessNames } from '../system/prohibited-processes';
import type { SystemProbe } from '../system/system-probe';
import { LockdownRunner, LockdownStepError } from './lockdown-runner';
import type { LockdownStep } from './lockdown-step';
import { platformGlobalShortcuts } from './platform-shortcuts';
import { createClipboardStep, type ClipboardStepDeps } from './steps/clipboard-step';
import { createDisplayStep, type DisplayStepDeps } from './steps/display-step';
import { createFocusStep, type FocusableWindow } from './steps/focus-step';
import { createInputStep, type InputStepDeps, type InputWebContents } from './steps/input-step';
import { createNavigationStep } from './steps/navigation-step';
import { createProcessIntegrityStep } from './steps/process-integrity-step';
import { createProcessStep } from './steps/process-step';
import { createVirtualMachineStep } from './steps/virtual-machine-step';
import { createWindowStep, type LockableWindow } from './steps/window-step';

export interface LockdownDeps {
  window: LockableWindow & FocusableWindow & ClipboardStepDeps['window'];
  /** The shell's web contents (the app's own page). */
  shell: ClipboardStepDeps['shell'] & InputWebContents;
  watchNewWebContents?: InputStepDeps['watchNewWebContents'];
  screen: DisplayStepDeps['screen'];
  createCoverWindow: DisplayStepDeps['createCoverWindow'];
  globalShortcut: InputStepDeps['globalShortcut'];
  clipboard: ClipboardStepDeps['clipboard'];
  navigation: NavigationPolicy;
  probe: SystemProbe;
  incidents: IncidentSink;
  processFacts: () => ProcessFacts;
  testBuild?: boolean;
  platform?: NodeJS.Platform;
  log: Logger;
}

export function createLockdownSteps(session: SessionSummary, deps: LockdownDeps): LockdownStep[] {
  const { policy, exam } = session;
  return [
    createProcessIntegrityStep(deps.processFacts, { testBuild: deps.testBuild }),
    createVirtualMachineStep({
      facts: () => deps.probe.virtualMachineFacts(),
      allowVirtualMachine: policy.allowVirtualMachine,
      incidents: deps.incidents,
      log: deps.log,
    }),
    createProcessStep({
      listProcesses: () => deps.probe.processes(),
      prohibited: prohibitedProcessNames(policy.prohibitedProcesses, deps.platform),
      incidents: deps.incidents,
      log: deps.log,
    }),
    createDisplayStep({
      screen: deps.screen,
      allowedDisplays: policy.allowedDisplays,
      createCoverWindow: deps.createCoverWindow,
      incidents: deps.incidents,
    }),
    createWindowStep(deps.window),
    createFocusStep({ window: deps.window, incidents: deps.incidents }),
    createInputStep({
      webContents: () => [deps.shell],
      watchNewWebContents: deps.watchNewWebContents,
      globalShortcut: deps.globalShortcut,
      shortcuts: platformGlobalShortcuts(deps.platform),
      incidents: deps.incidents,
      log: deps.log,
    }),
    createClipboardStep({
      clipboard: deps.clipboard,
      shell: deps.shell,
      window: deps.window,
      incidents: deps.incidents,
    }),
    createNavigationStep({ navigation: deps.navigation, startUrl: exam.startUrl, allowedUrls: exam.allowedUrls }),
  ];
}

export class LockdownController implements LockdownPort {
  private runner: LockdownRunner | null = null;

  constructor(
    private readonly deps: LockdownDeps,
    private readonly stepsFor: (session: SessionSummary, deps: LockdownDeps) => LockdownStep[] = createLockdownSteps,
  ) {}

  get engaged(): boolean {
    return this.runner?.engaged ?? false;
  }

  async engage(session: SessionSummary): Promise<void> {
    if (this.runner?.engaged) return;
    const runner = new LockdownRunner(this.stepsFor(session, this.deps), this.deps.log);
    try {
      await runner.apply();
    } catch (error) {
      const cause = error instanceof LockdownStepError ? error.cause : error;
      if (cause instanceof BridgeError) throw cause;
      this.deps.log.error('lockdown could not be applied', { error: String(error) });
      throw new BridgeError('lockdown_failed', 'The exam lockdown could not be set up on this computer.');
    }
    this.runner = runner;
    this.deps.log.info('lockdown engaged', { steps: runner.appliedSteps });
  }

  async release(reason: string): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    await runner.revert();
    this.deps.log.info('lockdown released', { reason });
  }
}
