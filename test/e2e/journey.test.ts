/**
 * The whole journey, as a candidate and an institution meet it: launch code → system check →
 * identity check → approval (pushed) → the demo exam page → an incident from the lockdown (a focus
 * loss raised on the main process's lockdown path) and one from proctoring (the candidate leaves the
 * frame) → submit → finish → recording uploaded; then the service's view: finished, the score lowered
 * by exactly what the incidents cost, incidents at their recording times, every event at the
 * institution's webhook receiver with a valid signature. A second run stops by itself on an impostor.
 *
 * The camera: person A never turns the head and person-a-leaves.mjpeg leaves after 5 s, so the identity
 * check runs on the head-turn video derived from person-a.mjpeg (test/support/e2e-camera-videos), and
 * the video is swapped before the exam opens the camera again (switchCamera; the renderer closes the
 * camera after the checks, so the exam's capture and proctoring read the new file). One browser, one run.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/api';
import { computeAuthScore, countIncidentTypes, costOf } from '../../shared/auth-score';
import { examPolicySchema } from '../../shared/policy';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../shared/signing/webhook-signature';
import { createFaceAnalyzer } from '../../server/face/face-analyzer';
import type { FaceAnalyzer } from '../../server/face/face-analyzer-types';
import { cameraFixture } from '../support/e2e-harness';
import { headTurnVideo } from '../support/e2e-camera-videos';
import { passAllChecks, screenshot } from '../support/e2e-flow';
import { startJourney, type JourneyRun } from '../support/e2e-journey-harness';
import { call } from '../support/service-client';
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

const ofType = (incidents: Incident[], type: string) => incidents.filter((incident) => incident.type === type);

describe('the whole journey', () => {
  it(
    'person A sits the demo exam with an institution approval, a focus loss and a walk away, submits, and the institution sees it all',
    async () => {
      const current = (run = await startJourney({
        camera: headTurnVideo(),
        faceAnalyzer: analyzer,
        // The institution approves by hand: the approval must reach the waiting client by push.
        policy: { autoApprove: false, faceAbsentBriefSeconds: 2, faceAbsentLongSeconds: 60 },
      }));
      const { page } = current;
      await passAllChecks(current);

      // From here the candidate walks away from the desk after 5 s, every 12 s.
      await current.switchCamera(cameraFixture('person-a-leaves.mjpeg'));
      await page.getByRole('button', { name: 'Start the exam' }).click();
      await page.locator('.approval-waiting').getByText('Waiting for approval').waitFor();
      await screenshot(page, '20-waiting-for-approval');
      const approved = await call(
        current.service.baseUrl,
        'POST',
        `/v1/sessions/${current.session.sessionId}/approve`,
        {
          key: current.account,
          body: {},
        },
      );
      expect(approved.status).toBe(200);

      // The exam page opens in the shell's frame, under the status bar.
      const exam = page.frameLocator('iframe.exam-frame__page');
      await exam.getByRole('heading', { name: 'Vigil demo exam' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('recording').getByText('Recording').waitFor({ timeout: 30_000 });
      await page.getByTestId('presence').getByText('Face OK').waitFor({ timeout: 60_000 });
      await screenshot(page, '21-exam');

      // The lockdown's focus step reports through exactly this path when the window loses focus.
      current.client.deps.incidents.raise('FOCUS_LOST', { reason: 'journey test' }, 'You left the exam window.');
      const focusRaisedAt = Date.now();

      // Person A leaves: the status bar says so, and the episode becomes one FACE_ABSENT once A is back.
      await page.getByTestId('presence').getByText('We cannot see you').waitFor({ timeout: 30_000 });
      await screenshot(page, '22-face-absent');
      await waitFor(
        'a FACE_ABSENT on the service',
        async () => ofType(await current.incidents(), 'FACE_ABSENT').length > 0,
        60_000,
      );

      // Answer and submit on the institution's page.
      for (const answer of ['56', 'Carbon dioxide', 'Mercury']) await exam.getByLabel(answer).check();
      await exam.getByRole('button', { name: 'Submit' }).click();
      await page.getByRole('heading', { name: 'Exam submitted' }).waitFor({ timeout: 60_000 });
      // The upload panel follows the recordings to the last byte.
      await page.getByRole('heading', { name: 'Your recordings are uploaded' }).waitFor({ timeout: 120_000 });
      await waitFor(
        'both recordings complete on the service',
        async () => {
          const recordings = await current.recordings();
          return recordings.length >= 2 && recordings.every((recording) => recording.complete);
        },
        120_000,
      );
      await screenshot(page, '23-finished');

      // The institution's view.
      const session = await current.institutionSession();
      expect(session.state).toBe('finished');
      const incidents = await current.incidents();
      const counts = countIncidentTypes(incidents);
      expect(counts.FOCUS_LOST).toBe(1);
      expect(counts.FACE_ABSENT ?? 0).toBeGreaterThanOrEqual(1);
      expect(counts.IDENTITY_MISMATCH ?? 0).toBe(0);
      const costed = incidents.filter((incident) => costOf(incident.type));
      const lost = costed.reduce((sum, incident) => sum + costOf(incident.type)!.points, 0);
      expect(lost).toBeGreaterThan(0);
      const expected = computeAuthScore({ incidentCounts: counts, identityVerified: true });
      expect(expected.authScore).toBe(100 - lost);
      // The journey's client is the preview (`kind` is only its word): capped at previewScoreCap and flagged.
      expect(session).toMatchObject({ preview: true, flaggedForReview: true });
      expect(session.authScore).toBe(Math.min(expected.authScore, examPolicySchema.parse({}).previewScoreCap));

      // Incidents sit at their recording times: FOCUS_LOST where the test raised it, each absence where it began.
      const recordingsStarted = ofType(incidents, 'RECORDINGS_STARTED')[0];
      expect(recordingsStarted).toBeDefined();
      const focus = ofType(incidents, 'FOCUS_LOST')[0]!;
      expect(focus.recordingOffsetMs).not.toBeNull();
      const firstRecordingAt = focusRaisedAt - focus.recordingOffsetMs!;
      for (const absent of ofType(incidents, 'FACE_ABSENT')) {
        expect(absent.recordingOffsetMs).not.toBeNull();
        // The episode began before it was reported (it is reported when the candidate is back).
        expect(absent.recordingOffsetMs!).toBeLessThan(Date.parse(absent.occurredAt) - firstRecordingAt);
        expect(Number(absent.details.absentForMs)).toBeGreaterThanOrEqual(2000);
      }

      // The institution's receiver holds every event of the session, each signed with the account's webhook secret.
      await waitFor(
        'every incident delivered',
        () =>
          current.receiver.received.filter((hook) => hook.payload.sessionId === current.session.sessionId).length >=
          incidents.length,
        30_000,
      );
      const delivered = current.receiver.received.filter(
        (hook) => hook.payload.sessionId === current.session.sessionId,
      );
      for (const hook of delivered) {
        expect(hook.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(
          signWebhookBody(current.account.webhookSecret, hook.rawBody),
        );
      }
      // The shell framed the exam page without breaking its own CSP.
      expect(current.consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
      expect(new Set(delivered.map((hook) => hook.payload.additionalData.incidentId))).toEqual(
        new Set(incidents.map((incident) => incident.id)),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'person B taking over after the checks is stopped automatically on the identity mismatch, and told why',
    async () => {
      const current = (run = await startJourney({ camera: headTurnVideo(), faceAnalyzer: analyzer }));
      const { page } = current;
      await passAllChecks(current);
      await current.switchCamera(cameraFixture('person-b.mjpeg'));
      await page.getByRole('button', { name: 'Start the exam' }).click();
      await page
        .frameLocator('iframe.exam-frame__page')
        .getByRole('heading', { name: 'Vigil demo exam' })
        .waitFor({ timeout: 30_000 });

      await page.getByRole('heading', { name: 'Your exam was stopped' }).waitFor({ timeout: 90_000 });
      await expect(page.getByText(/Why: .*IDENTITY_MISMATCH/).textContent()).resolves.toMatch(/critical/);
      await screenshot(page, '24-stopped');
      await waitFor(
        'the recordings complete on the service',
        async () => {
          const recordings = await current.recordings();
          return recordings.length >= 1 && recordings.every((recording) => recording.complete);
        },
        120_000,
      );

      const session = await current.institutionSession();
      expect(session.state).toBe('stopped');
      const incidents = await current.incidents();
      const mismatches = ofType(incidents, 'IDENTITY_MISMATCH');
      expect(mismatches).toHaveLength(1);
      expect(mismatches[0]!.details).toMatchObject({ check: 'proctoring' });
      expect(mismatches[0]!.recordingOffsetMs).not.toBeNull();
      expect(ofType(incidents, 'SESSION_STOPPED_AUTOMATICALLY')).toHaveLength(1);
      expect(ofType(incidents, 'SESSION_FINISHED')).toHaveLength(0);
    },
    TEST_TIMEOUT_MS,
  );
});
