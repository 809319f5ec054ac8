/**
 * Coming back after a reload: person A starts the demo exam, the page is reloaded mid-exam (F5 in the
 * preview; Electron reloads its window the same way after a renderer crash), and the candidate lands
 * back in the exam, not on the launch screen (launch codes are single-use), once a short "confirm it's
 * still you" capture has passed against the enrolment the service stored: the time left continues
 * from the service's deadline, recording and proctoring (identity included) run again, and after the
 * submission every recording of the session (those the reload cut short and the new ones) is complete
 * on the service. When someone else sits down during the reload, the confirmation records
 * IDENTITY_MISMATCH and the service stops the session, which the candidate sees.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFaceAnalyzer } from '../../server/face/face-analyzer';
import type { FaceAnalyzer } from '../../server/face/face-analyzer-types';
import { headTurnVideo } from '../support/e2e-camera-videos';
import { cameraFixture } from '../support/e2e-harness';
import { passAllChecks } from '../support/e2e-flow';
import { startJourney, type JourneyRun } from '../support/e2e-journey-harness';
import { waitFor } from '../support/webhook-receiver';

const TEST_TIMEOUT_MS = 360_000;

let analyzer: FaceAnalyzer;
let run: JourneyRun | null = null;

beforeAll(async () => {
  analyzer = await createFaceAnalyzer();
  headTurnVideo();
}, 180_000);

afterEach(async () => {
  await run?.close();
  run = null;
});

/** The status bar's countdown (m:ss or h:mm:ss) in seconds. */
async function secondsLeftOnScreen(current: JourneyRun): Promise<number> {
  const text = (await current.page.getByTestId('time-left').textContent())?.trim() ?? '';
  const parts = text.split(':').map(Number);
  if (parts.length < 2 || parts.some((part) => Number.isNaN(part)))
    throw new Error(`no countdown on screen: "${text}"`);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

async function examRunning(current: JourneyRun): Promise<void> {
  const { page } = current;
  await page
    .frameLocator('iframe.exam-frame__page')
    .getByRole('heading', { name: 'Vigil demo exam' })
    .waitFor({ timeout: 30_000 });
  await page.getByTestId('recording').getByText('Recording').waitFor({ timeout: 30_000 });
  await page.getByTestId('presence').getByText('Face OK').waitFor({ timeout: 60_000 });
}

/** Launch, the checks with person A, and the exam started with the person-a camera. */
async function startExamAsPersonA(): Promise<JourneyRun> {
  const current = (run = await startJourney({ camera: headTurnVideo(), faceAnalyzer: analyzer }));
  const { page } = current;
  await passAllChecks(current);
  await current.switchCamera(cameraFixture('person-a.mjpeg'));
  await page.getByRole('button', { name: 'Start the exam' }).click();
  await examRunning(current);
  return current;
}

async function identityMismatches(current: JourneyRun) {
  return (await current.incidents()).filter((incident) => incident.type === 'IDENTITY_MISMATCH');
}

describe('coming back after a reload', () => {
  it(
    'a reload mid-exam lands back in the exam with the same deadline, recording and proctoring, and every recording completes',
    async () => {
      const current = await startExamAsPersonA();
      const { page } = current;
      // The recordings have acknowledged chunks in the spool before the reload cuts them off.
      const spool = current.client.recordings.spool;
      const examRecordings = () => spool.recordings().filter((recording) => recording.kind !== 'room');
      await waitFor(
        'chunks of the camera and screen recordings spooled',
        async () => examRecordings().length >= 2 && examRecordings().every((recording) => recording.spooledBytes > 0),
        60_000,
      );
      // What was acknowledged before the reload, and what the uploader then delivered of each recording.
      const acknowledged = new Map(
        examRecordings().map((recording) => [recording.recordingId, recording.spooledBytes]),
      );
      const uploaded = new Map<string, number>();
      current.client.recordings.uploader.on('uploaded', ({ recordingId, bytes }) => uploaded.set(recordingId, bytes));
      const before = await secondsLeftOnScreen(current);
      const reloadedAt = Date.now();
      expect(before).toBeLessThanOrEqual(30 * 60);

      await page.reload();
      // The exam page and recording reopen only once the candidate has confirmed it is still them.
      await page.getByRole('heading', { name: 'Confirm it is still you' }).waitFor({ timeout: 60_000 });
      await expect(page.locator('iframe.exam-frame__page').count()).resolves.toBe(0);
      await examRunning(current);
      await page.getByTestId('resumed').waitFor();
      // Proctoring compares identity again (the confirmed frames are its reference), not presence only.
      await page.locator('[data-testid="presence"][data-identity="match"]').waitFor({ timeout: 60_000 });
      await expect(identityMismatches(current)).resolves.toEqual([]);
      const after = await secondsLeftOnScreen(current);
      const elapsed = Math.floor((Date.now() - reloadedAt) / 1000);
      // The same deadline: at least the time that passed is gone (1 s for the countdown's rounding), not a fresh 30:00.
      expect(after).toBeLessThanOrEqual(before - elapsed + 1);
      expect(after).toBeGreaterThan(0);
      // The launch screen never came back: no launch code was asked for.
      await expect(page.getByRole('textbox').count()).resolves.toBe(0);

      const exam = page.frameLocator('iframe.exam-frame__page');
      for (const answer of ['56', 'Carbon dioxide', 'Mercury']) await exam.getByLabel(answer).check();
      await exam.getByRole('button', { name: 'Submit' }).click();
      await page.getByRole('heading', { name: 'Exam submitted' }).waitFor({ timeout: 60_000 });
      await page.getByRole('heading', { name: 'Your recordings are uploaded' }).waitFor({ timeout: 120_000 });

      await waitFor(
        'every recording of the session complete on the service',
        async () => {
          const now = await current.recordings();
          return now.length >= 2 && now.every((recording) => recording.complete);
        },
        120_000,
      );
      const complete = await current.recordings();
      // One recording per kind before the reload and one after: the reload's cut recordings were closed, not lost.
      const cameraRecordings = complete.filter((recording) => recording.kind === 'camera');
      expect(cameraRecordings.length).toBe(2);
      expect(complete.filter((recording) => recording.kind === 'screen').length).toBe(2);
      expect(complete.every((recording) => recording.complete && recording.sizeBytes > 0)).toBe(true);
      // Nothing lost, nothing twice: each recording the reload cut short was ended by the new renderer's
      // start-up and uploaded with at least every byte acknowledged before the reload, as the service holds it.
      expect(acknowledged.size).toBe(2);
      for (const [recordingId, bytes] of acknowledged) {
        const delivered = uploaded.get(recordingId);
        expect(delivered).toBeGreaterThanOrEqual(bytes);
        expect(complete.find((recording) => recording.id === recordingId)?.sizeBytes).toBe(delivered);
      }
      expect((await current.institutionSession()).state).toBe('finished');
      // Proctoring ran in the resumed exam: the service got the resumed renderer's RECORDINGS_STARTED too.
      const started = (await current.incidents()).filter((incident) => incident.type === 'RECORDINGS_STARTED');
      expect(started.length).toBe(2);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'someone else in front of the camera after the reload: IDENTITY_MISMATCH, the session stops, and the candidate is told',
    async () => {
      const current = await startExamAsPersonA();
      const { page } = current;
      await current.switchCamera(cameraFixture('person-b.mjpeg'));
      await page.reload();
      await page.getByRole('heading', { name: 'Confirm it is still you' }).waitFor({ timeout: 60_000 });
      // The default policy stops the session at the first critical incident: the end screen says why.
      await page.getByRole('heading', { name: 'Your exam was stopped' }).waitFor({ timeout: 90_000 });
      const mismatches = await identityMismatches(current);
      expect(mismatches).toHaveLength(1);
      expect(mismatches[0]!.details).toMatchObject({ check: 'live', reason: 'no_match' });
      expect((await current.institutionSession()).state).toBe('stopped');
      // The exam never reopened for person B.
      await expect(page.locator('iframe.exam-frame__page').count()).resolves.toBe(0);
      await expect(page.getByTestId('resumed').count()).resolves.toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
