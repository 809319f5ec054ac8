/**
 * ROOM_CHECK end to end: the built renderer in Debian's Chromium records the guided pan with its
 * real MediaRecorder into the main process's spool (the same handlers and uploader as the preview
 * host), the uploader sends it over tus, and the institution finds a `room` recording on the service.
 * In `events-only` mode nothing is recorded, so the room scan is left out and reported as skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/api';
import { cameraFixture, startE2e, type E2eRun } from '../support/e2e-harness';
import { launch, passSystemCheck } from '../support/e2e-flow';
import { signedFetch } from '../support/recordings-signed-fetch';

let run: E2eRun | null = null;

afterEach(async () => {
  await run?.close();
  run = null;
});

const roomReports = (incidents: Incident[]) =>
  incidents
    .filter((incident) => incident.type === 'SYSTEM_CHECK_STEP_CHANGED' && incident.details.step === 'ROOM_CHECK')
    .map((incident) => incident.details as { status: string; details: Record<string, unknown> });

/** The step progress announced to screen readers. */
const progress = (current: E2eRun) => current.page.locator('.sr-only[role="status"]').textContent();

describe('room scan end to end', () => {
  it('records the pan, passes once the spool has it, and the room recording reaches the service', async () => {
    run = await startE2e({ camera: cameraFixture('person-a.mjpeg'), policy: { requireRoomScan: true } });
    const current = run;
    await launch(current);
    await expect.poll(() => progress(current)).toBe('System check. Step 1 of 8: Before you begin');
    await passSystemCheck(current, { roomCheck: true });

    const passed = roomReports(await current.incidents()).find((report) => report.status === 'passed');
    expect(passed?.details).toMatchObject({ directions: 5, recording: 'saved' });
    const recordingId = String(passed!.details.recordingId);
    expect(Number(passed!.details.recordedBytes)).toBeGreaterThan(0);

    // The uploader works in the background: wait until the service holds the whole recording.
    await expect
      .poll(async () => (await current.recordings()).find((recording) => recording.id === recordingId), {
        timeout: 60_000,
        interval: 500,
      })
      .toMatchObject({ kind: 'room', complete: true });
    const room = (await current.recordings()).find((recording) => recording.id === recordingId)!;
    expect(room.sizeBytes).toBe(Number(passed!.details.recordedBytes));
    expect(room.sizeBytes).toBeGreaterThan(0);
    expect(room.sha256).toMatch(/^[0-9a-f]{64}$/);
    // What the institution downloads is the WebM Chromium's MediaRecorder wrote (EBML magic first).
    const download = await signedFetch(
      current.service.baseUrl,
      current.account,
      'GET',
      `/v1/sessions/${current.session.sessionId}/recordings/${recordingId}`,
    );
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.byteLength).toBe(room.sizeBytes);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    // Only the room was recorded during the checks.
    expect((await current.recordings()).map((recording) => recording.kind)).toEqual(['room']);
  }, 240_000);

  it('in events-only mode leaves the room scan out and tells the service why', async () => {
    run = await startE2e({
      camera: cameraFixture('person-a.mjpeg'),
      mode: 'events-only',
      policy: { requireRoomScan: true },
    });
    const current = run;
    await launch(current);
    // Seven steps, as without requireRoomScan (a recorded exam with it counts eight).
    await expect.poll(() => progress(current)).toBe('System check. Step 1 of 7: Before you begin');
    await expect
      .poll(async () => roomReports(await current.incidents()))
      .toEqual([{ flow: 'system', step: 'ROOM_CHECK', status: 'skipped', details: { reason: 'events-only' } }]);
    expect(await current.recordings()).toEqual([]);
  }, 120_000);
});
