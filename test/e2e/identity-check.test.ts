/**
 * The candidate's system and identity checks end to end: the built renderer in Debian's Chromium
 * with a fake camera, the real service (with Human's Node build recomputing every match), and the
 * main process's handlers behind the preview bridge. Person A never turns the head in
 * person-a.mjpeg, so the passing run uses a head-turn video derived from it (test/support/e2e-camera-videos).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/api';
import { createFaceAnalyzer } from '../../server/face/face-analyzer';
import type { FaceAnalyzer } from '../../server/face/face-analyzer-types';
import { cameraFixture, startE2e, type E2eOptions, type E2eRun } from '../support/e2e-harness';
import { headTurnVideo, stillPhotoVideo } from '../support/e2e-camera-videos';
import { continueButton, launch, passSystemCheck, screenshot, setStepShots, stepStatus } from '../support/e2e-flow';

const TEST_TIMEOUT_MS = 240_000;

let analyzer: FaceAnalyzer;
let run: E2eRun | null = null;

beforeAll(async () => {
  analyzer = await createFaceAnalyzer();
  // Built once per machine and cached in the temp dir (~20 s the first time).
  headTurnVideo();
  stillPhotoVideo();
}, 180_000);

afterEach(async () => {
  setStepShots(false);
  await run?.close();
  run = null;
});

async function start(options: Omit<E2eOptions, 'faceAnalyzer'>): Promise<E2eRun> {
  run = await startE2e({ facePhoto: 'person-a-enrol.jpg', faceAnalyzer: analyzer, ...options });
  await launch(run);
  return run;
}

const steps = (incidents: Incident[], step: string) =>
  incidents.filter((incident) => incident.type === 'IDENTITY_CHECK_STEP_CHANGED' && incident.details.step === step);

/** The step's last report to the service (the screen updates a moment before the report lands). */
function lastReport(current: E2eRun, step: string) {
  return expect.poll(async () => steps(await current.incidents(), step).at(-1)?.details, {
    timeout: 15_000,
    interval: 250,
  });
}

/** The page talked to its own origin only (the service is reached by the main process, never the page). */
function expectOnlyOwnOrigin(current: E2eRun): void {
  const foreign = current.requests.filter(
    (url) => !url.startsWith(`${current.host.origin}/`) && !/^(data|blob):/.test(url),
  );
  expect(foreign).toEqual([]);
  expect(current.requests.some((url) => url.endsWith('/models/faceres.bin'))).toBe(true);
  expect(current.requests.some((url) => /\/wasm\/tfjs-backend-wasm[-a-z]*\.wasm$/.test(url))).toBe(true);
  // Everything ran under the app's Content-Security-Policy without a violation (no inline styles, no eval).
  expect(current.consoleErrors.filter((message) => /Content Security Policy|Refused to/i.test(message))).toEqual([]);
}

describe('identity check end to end', () => {
  it(
    'person A, enrolled against the institution photo of A, passes the face photo, the head turn and the ID card',
    async () => {
      setStepShots(true);
      const current = await start({ camera: headTurnVideo(), policy: { requireIdCard: true, requireRoomScan: true } });
      const { page } = current;
      await passSystemCheck(current, { roomCheck: true });
      await continueButton(page).click();

      await page.getByRole('heading', { name: 'Your face' }).waitFor();
      await screenshot(page, '11-face-photo');
      await page.getByRole('button', { name: 'Start movement check' }).waitFor({ timeout: 90_000 });
      await expect(stepStatus(page).textContent()).resolves.toContain('match the photo your institution provided');
      await screenshot(page, '12-face-enrolled');
      await page.getByRole('button', { name: 'Start movement check' }).click();
      // The status line, not the screen-reader announcer, which repeats the same words.
      await stepStatus(page)
        .filter({ hasText: /Turn your head to your (LEFT|RIGHT)\./ })
        // The challenge starts once the live checker is warm; on a loaded 2-core CI machine that took over 30 s.
        .waitFor({ timeout: 60_000 });
      await screenshot(page, '13-head-turn');
      await page.getByText('Your identity is confirmed.').waitFor({ timeout: 60_000 });

      // The candidate now holds the ID card up to the camera.
      await current.switchCamera(cameraFixture('person-a-id-card.mjpeg'));
      await continueButton(page).click();
      await page.getByRole('heading', { name: 'ID card' }).waitFor();
      await page.getByText('Your ID card matches.').waitFor({ timeout: 60_000 });
      await screenshot(page, '14-id-card');
      await continueButton(page).click();
      await page.getByText('Everything is ready.').waitFor();
      await screenshot(page, '15-identity-summary');
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.getByRole('heading', { name: 'You are ready' }).waitFor();

      await lastReport(current, 'FINISH').toMatchObject({ status: 'passed' });
      const incidents = await current.incidents();
      expect(incidents.filter((incident) => incident.type === 'IDENTITY_MISMATCH')).toEqual([]);
      const face = steps(incidents, 'FACE_PHOTO').at(-1)!.details as {
        status: string;
        details: Record<string, unknown>;
      };
      expect(face).toMatchObject({ status: 'passed', details: { referenceMatched: true, usableSnapshots: 6 } });
      expect(['turn-left', 'turn-right']).toContain(face.details.challenge);
      expect(Number(face.details.peakYawDegrees)).toBeGreaterThanOrEqual(10);
      expect(steps(incidents, 'ID_CARD').at(-1)!.details).toMatchObject({ status: 'passed' });
      expectOnlyOwnOrigin(current);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'person B against the institution photo of A fails, and the service records IDENTITY_MISMATCH',
    async () => {
      const current = await start({ camera: cameraFixture('person-b.mjpeg') });
      const { page } = current;
      await passSystemCheck(current);
      await continueButton(page).click();
      // A critical incident stops the session (the default policy's auto-stop); the page is told and says why.
      const notice = page.getByRole('alert').filter({ hasText: 'Your exam session has ended.' });
      await notice.waitFor({ timeout: 90_000 });
      await expect(notice.textContent()).resolves.toContain(
        'Last check: Your face does not match the photo your institution provided.',
      );
      await screenshot(page, '16-face-mismatch');

      const mismatches = (await current.incidents()).filter((incident) => incident.type === 'IDENTITY_MISMATCH');
      expect(mismatches).toHaveLength(1);
      expect(mismatches[0]!.details).toMatchObject({ check: 'enrolment', reason: 'reference_photo' });
      const types = (await current.incidents()).map((incident) => incident.type);
      expect(types).toContain('SESSION_STOPPED_AUTOMATICALLY');
      expect(types).not.toContain('SESSION_APPROVED');
      expectOnlyOwnOrigin(current);
    },
    TEST_TIMEOUT_MS,
  );

  it.each([
    ['no-face.mjpeg', 'We cannot see your face. Sit in front of the camera.', 'face.noFace', '17-face-no-face'],
    [
      'two-people.mjpeg',
      'Only you should be in view: we can see more than one face.',
      'face.onlyYou',
      '18-face-two-people',
    ],
  ])(
    '%s never passes the face photo and says why',
    async (video, message, reason, shot) => {
      const current = await start({ camera: headTurnVideo() });
      const { page } = current;
      await passSystemCheck(current);
      await current.switchCamera(cameraFixture(video));
      await continueButton(page).click();
      await page.getByText(message).first().waitFor({ timeout: 60_000 });
      // It keeps saying so until the capture gives up, and never enrols.
      await page.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 60_000 });
      await expect(stepStatus(page).textContent()).resolves.toBe(message);
      await screenshot(page, shot);

      await lastReport(current, 'FACE_PHOTO').toMatchObject({ status: 'failed', details: { reason, goodFrames: 0 } });
      const reports = steps(await current.incidents(), 'FACE_PHOTO').map((incident) => incident.details);
      expect(reports.some((details) => details.status === 'passed')).toBe(false);
      expect(await page.getByRole('button', { name: 'Start movement check' }).count()).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a still photo of person A enrols but fails the head-turn challenge',
    async () => {
      const current = await start({ camera: headTurnVideo() });
      const { page } = current;
      await passSystemCheck(current);
      await current.switchCamera(stillPhotoVideo());
      await continueButton(page).click();
      await page.getByRole('button', { name: 'Start movement check' }).click({ timeout: 90_000 });
      await page.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 60_000 });
      await expect(stepStatus(page).textContent()).resolves.toBe('We did not see your head turn in time.');
      await screenshot(page, '19-head-turn-failed');

      await lastReport(current, 'FACE_PHOTO').toMatchObject({
        status: 'failed',
        details: { reason: 'liveness.noTurn', referenceMatched: true },
      });
      const last = steps(await current.incidents(), 'FACE_PHOTO').at(-1)!.details as {
        details: Record<string, unknown>;
      };
      expect(Math.abs(Number(last.details.peakYawDegrees))).toBeLessThan(10);
    },
    TEST_TIMEOUT_MS,
  );
});
