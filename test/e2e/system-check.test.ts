/**
 * The system check end to end with a machine that has problems: a prohibited app that the candidate
 * closes (and re-checks), and a virtual machine the policy refuses, which the summary explains.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemProbe } from '../../main/system/system-probe';
import { cameraFixture, quietMachine, startE2e, type E2eRun } from '../support/e2e-harness';
import {
  agreeAndStart,
  continueButton,
  launch,
  passCamera,
  passMicrophone,
  passScreenShare,
  passSpeakers,
  screenshot,
  stepStatus,
} from '../support/e2e-flow';

let run: E2eRun | null = null;

afterEach(async () => {
  await run?.close();
  run = null;
});

describe('system check end to end', () => {
  it('names a prohibited app until it is closed, and explains a refused virtual machine in the summary', async () => {
    let anyDeskRunning = true;
    const machine: SystemProbe = {
      ...quietMachine,
      processes: async () => [{ pid: 1, name: 'systemd' }, ...(anyDeskRunning ? [{ pid: 4242, name: 'AnyDesk' }] : [])],
      virtualMachineFacts: async () => ({
        virtualFlag: true,
        manufacturer: 'QEMU',
        model: 'Standard PC',
        biosVendor: 'SeaBIOS',
        macs: ['52:54:00:12:34:56'],
      }),
    };
    run = await startE2e({
      camera: cameraFixture('person-a.mjpeg'),
      probe: machine,
      policy: { allowVirtualMachine: false },
    });
    const { page } = run;
    await launch(run);
    await agreeAndStart(run);
    await passMicrophone(run);
    await passSpeakers(run);

    await stepStatus(page).getByText('Some programs that are not allowed are running.').waitFor();
    await expect(page.getByRole('list', { name: 'Programs to close' }).textContent()).resolves.toBe('AnyDesk');
    await screenshot(page, '05b-other-apps-running');
    anyDeskRunning = false;
    await page.getByRole('button', { name: 'Check again' }).click();
    await stepStatus(page).getByText('No programs that are not allowed are running.').waitFor();
    await continueButton(page).click();

    await passScreenShare(run);
    await passCamera(run);

    await page.getByText(/checks need your attention/).waitFor({ timeout: 30_000 });
    const vmRow = page.getByRole('row', { name: /Virtual machine/ });
    await expect(vmRow.textContent()).resolves.toContain(
      'Vigil is running in a virtual machine, which this exam does not allow.',
    );
    await expect(vmRow.textContent()).resolves.toContain(
      'Run Vigil directly on your computer, not in a virtual machine.',
    );
    await expect(page.getByRole('row', { name: /Other apps/ }).textContent()).resolves.toContain('Passed');
    expect(await page.getByRole('button', { name: 'Continue to the identity check' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Run the checks again' }).waitFor();
    await screenshot(page, '09b-system-summary-failed');

    const reports = (await run.incidents())
      .filter((incident) => incident.type === 'SYSTEM_CHECK_STEP_CHANGED')
      .map((incident) => incident.details);
    expect(reports).toContainEqual(
      expect.objectContaining({
        step: 'BROWSER_TABS',
        status: 'failed',
        details: expect.objectContaining({ names: 'AnyDesk' }),
      }),
    );
    expect(reports).toContainEqual(expect.objectContaining({ step: 'BROWSER_TABS', status: 'passed' }));
    expect(reports.at(-1)).toMatchObject({
      step: 'FINISH',
      status: 'failed',
      details: { failed: 'vm', failedCount: 1 },
    });
  }, 180_000);

  it('works with the keyboard alone from the launch code to the microphone check', async () => {
    run = await startE2e({ camera: cameraFixture('person-a.mjpeg') });
    const { page } = run;
    await page.getByLabel('Launch code').waitFor();
    const focused = () =>
      page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent);
    // The screen's heading has focus; the skip link is one step back, the launch code field one forward.
    await expect(focused()).resolves.toBe('Start your exam');
    await page.keyboard.press('Shift+Tab');
    await expect(focused()).resolves.toBe('Skip to main content');
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('launchCode');
    await page.keyboard.type(run.session.launchCode);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Before you begin' }).waitFor();
    // The new step's heading takes focus, so a screen reader starts at the top of the step.
    await expect(focused()).resolves.toBe('Before you begin');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Microphone' }).waitFor();
    await stepStatus(page).getByText('We heard you clearly. Your microphone works.').waitFor();
    // Progress is announced to screen readers through a polite live region.
    await expect(page.locator('.sr-only[role="status"]').textContent()).resolves.toBe(
      'System check. Step 2 of 7: Microphone',
    );
  }, 120_000);
});
