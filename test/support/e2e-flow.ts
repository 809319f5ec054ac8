/**
 * Walking the renderer's check flows in an e2e run, the way a candidate does: by the visible labels.
 * The speaker check's digits are "heard" by watching which bundled digit files the page plays.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { E2eRun } from './e2e-harness';
import { repoRoot } from './fixtures';

export const SCREENSHOTS_DIR = join(repoRoot, 'docs', 'screenshots');
const screenshotsWanted = process.env.VIGIL_SCREENSHOTS === '1';

let stepShots = false;

/**
 * The walk-through screenshots of ordinary steps are taken by one test only (the one that visits
 * every step); others take just their own named ones.
 */
export function setStepShots(enabled: boolean): void {
  stepShots = enabled;
}

async function stepShot(page: Page, name: string): Promise<void> {
  if (stepShots) await screenshot(page, name);
}

/** Saves docs/screenshots/<name>.png when VIGIL_SCREENSHOTS=1 (at the run's 1280×800 viewport). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!screenshotsWanted) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  // Let the status line and the camera settle on what the step shows now.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
}

export const continueButton = (page: Page) => page.getByRole('button', { name: 'Continue', exact: true });

export async function launch(run: E2eRun): Promise<void> {
  const { page } = run;
  await page.getByLabel('Launch code').fill(run.session.launchCode);
  await stepShot(page, '01-launch');
  await page.getByRole('button', { name: 'Start checks' }).click();
  await page.getByRole('heading', { name: 'Before you begin' }).waitFor();
}

export async function agreeAndStart(run: E2eRun): Promise<void> {
  const { page } = run;
  await stepShot(page, '02-start');
  await page.getByLabel('I understand, and I agree to be recorded and checked during this exam.').check();
  await continueButton(page).click();
}

export async function passMicrophone(run: E2eRun): Promise<void> {
  const { page } = run;
  await page.getByText('We heard you clearly. Your microphone works.').waitFor();
  await stepShot(page, '03-microphone');
  await continueButton(page).click();
}

export async function passSpeakers(run: E2eRun): Promise<void> {
  const { page } = run;
  const before = run.requests.length;
  await page.getByRole('button', { name: 'Play the digits' }).click();
  await page.getByRole('button', { name: 'Play again' }).waitFor({ timeout: 30_000 });
  const digits = run.requests
    .slice(before)
    .map((url) => /audio\/digit-(\d)\.ogg$/.exec(url)?.[1])
    .filter(Boolean)
    .join('');
  await page.getByLabel('Digits you heard').fill(digits);
  await stepShot(page, '04-speakers');
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await page.getByText('Correct. Your speakers work.').waitFor();
  await continueButton(page).click();
}

export async function passScreenShare(run: E2eRun): Promise<void> {
  const { page } = run;
  await page.getByRole('button', { name: 'Share screen' }).click();
  await page.getByText('Screen sharing works.').waitFor();
  await stepShot(page, '06-screen-sharing');
  await continueButton(page).click();
}

export async function passCamera(run: E2eRun): Promise<void> {
  const { page } = run;
  await page.getByText('Your camera works.').waitFor({ timeout: 60_000 });
  await stepShot(page, '07-camera');
  await continueButton(page).click();
}

/** The system check with every step passing (the fake devices and a quiet machine). */
export async function passSystemCheck(run: E2eRun, options: { roomCheck?: boolean } = {}): Promise<void> {
  const { page } = run;
  await agreeAndStart(run);
  await passMicrophone(run);
  await passSpeakers(run);
  await page.getByText('No programs that are not allowed are running.').waitFor();
  await stepShot(page, '05-other-apps');
  await continueButton(page).click();
  await passScreenShare(run);
  await passCamera(run);
  if (options.roomCheck) {
    await page.getByRole('button', { name: 'Start room check' }).click();
    await stepStatus(page).getByText('Show the left side of the room.').waitFor();
    await stepShot(page, '08-room-check');
    await page.getByText('Room check done.').waitFor({ timeout: 30_000 });
    await continueButton(page).click();
  }
  await page.getByText('Everything is ready.').waitFor({ timeout: 30_000 });
  await stepShot(page, '09-system-summary');
  await page.getByRole('button', { name: 'Continue to the identity check' }).click();
  await page.getByRole('heading', { name: 'Confirm your identity' }).waitFor();
  await stepShot(page, '10-identity-start');
}

/** The status line of the current step (its live region). */
export function stepStatus(page: Page) {
  return page.locator('.step [role="status"]').first();
}

/**
 * Launch, the system check and the identity check (on a head-turn video, so the movement check
 * passes; no ID card), up to the "You are ready" screen.
 */
export async function passAllChecks(run: E2eRun): Promise<void> {
  const { page } = run;
  await launch(run);
  await passSystemCheck(run);
  await continueButton(page).click();
  await page.getByRole('button', { name: 'Start movement check' }).click({ timeout: 90_000 });
  await page.getByText('Your identity is confirmed.').waitFor({ timeout: 60_000 });
  await continueButton(page).click();
  await page.getByText('Everything is ready.').waitFor();
  await continueButton(page).click();
  await page.getByRole('heading', { name: 'You are ready' }).waitFor();
}
