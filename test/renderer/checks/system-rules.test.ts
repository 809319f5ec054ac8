import { describe, expect, it } from 'vitest';
import {
  MICROPHONE_RULES,
  addLevel,
  evaluateMicrophone,
  meterFraction,
  rmsDbfs,
  silentStart,
} from '../../../renderer/checks/microphone-rules';
import {
  evaluateSpeakers,
  isCorrectAnswer,
  normaliseAnswer,
  pickDigits,
} from '../../../renderer/checks/speakers-rules';
import { evaluateOtherApps, prohibitedAppNames } from '../../../renderer/checks/other-apps-rules';
import { evaluateScreenShare } from '../../../renderer/checks/screenshare-rules';
import { evaluateWebcam, measuredFrameRate } from '../../../renderer/checks/webcam-rules';
import {
  evaluateRoomCheck,
  nextDirection,
  ROOM_CHECK_RULES,
  ROOM_DIRECTIONS,
} from '../../../renderer/checks/room-check-rules';

describe('microphone', () => {
  it('measures RMS in dBFS', () => {
    expect(rmsDbfs(new Float32Array(128).fill(1))).toBeCloseTo(0);
    expect(rmsDbfs(new Float32Array(128).fill(0.01))).toBeCloseTo(-40);
    expect(rmsDbfs(new Float32Array(128))).toBe(-Infinity);
    expect(meterFraction(-Infinity)).toBe(0);
    expect(meterFraction(-40)).toBeCloseTo(0.5);
  });

  it('passes once speech-level sound lasted long enough', () => {
    let state = silentStart;
    for (let i = 0; i < 5; i++) state = addLevel(state, -30, 50);
    expect(evaluateMicrophone(state, null).verdict).toBe('pending');
    for (let i = 0; i < 2; i++) state = addLevel(state, -30, 50);
    expect(state.speechMs).toBeGreaterThanOrEqual(MICROPHONE_RULES.speechMs);
    expect(evaluateMicrophone(state, null)).toMatchObject({ verdict: 'passed', details: { peakDb: -30 } });
  });

  it('does not pass on a short click', () => {
    const state = addLevel(addLevel(silentStart, -5, 50), -65, MICROPHONE_RULES.listenMs);
    expect(evaluateMicrophone(state, null)).toMatchObject({ verdict: 'failed', reason: 'mic.tooQuiet' });
  });

  it('tells silence from quiet speech', () => {
    const silent = addLevel(silentStart, -90, MICROPHONE_RULES.listenMs);
    expect(evaluateMicrophone(silent, null).reason).toBe('mic.silent');
  });

  it('explains device errors', () => {
    expect(evaluateMicrophone(null, 'denied')).toMatchObject({ verdict: 'failed', fix: 'mic.fix.permission' });
    expect(evaluateMicrophone(null, 'not-found').reason).toBe('mic.notFound');
    expect(evaluateMicrophone(null, null).verdict).toBe('pending');
  });
});

describe('speakers', () => {
  it('picks digits without immediate repeats', () => {
    const sequence = [0.11, 0.15, 0.15, 0.5, 0.95];
    let i = 0;
    expect(pickDigits(() => sequence[i++]!, 3)).toEqual([1, 5, 9]);
    const many = pickDigits(Math.random, 200);
    expect(many.every((digit, index) => index === 0 || digit !== many[index - 1])).toBe(true);
    expect(many.every((digit) => digit >= 0 && digit <= 9)).toBe(true);
  });

  it('compares only the digits typed', () => {
    expect(normaliseAnswer(' 4 7-1.9 ')).toBe('4719');
    expect(isCorrectAnswer([4, 7, 1, 9], '4 7 1 9')).toBe(true);
    expect(isCorrectAnswer([4, 7, 1, 9], '4791')).toBe(false);
    expect(isCorrectAnswer([4, 7, 1, 9], '47190')).toBe(false);
  });

  it('allows three attempts', () => {
    expect(evaluateSpeakers({ attempts: 0, correct: false, playbackFailed: false }).reason).toBe('speakers.listen');
    expect(evaluateSpeakers({ attempts: 2, correct: false, playbackFailed: false }).reason).toBe('speakers.tryAgain');
    expect(evaluateSpeakers({ attempts: 3, correct: false, playbackFailed: false })).toMatchObject({
      verdict: 'failed',
      fix: 'speakers.fix.volume',
    });
    expect(evaluateSpeakers({ attempts: 2, correct: true, playbackFailed: false }).verdict).toBe('passed');
    expect(evaluateSpeakers({ attempts: 0, correct: false, playbackFailed: true }).reason).toBe(
      'speakers.playbackFailed',
    );
  });
});

describe('other apps', () => {
  it('lists each prohibited app once, sorted', () => {
    const report = {
      prohibitedProcesses: [
        { name: 'zoom', pid: 3 },
        { name: 'AnyDesk', pid: 1 },
        { name: 'anydesk', pid: 2 },
      ],
    };
    expect(prohibitedAppNames(report)).toEqual(['AnyDesk', 'zoom']);
    expect(evaluateOtherApps(report)).toMatchObject({
      verdict: 'failed',
      reason: 'apps.running',
      details: { names: 'AnyDesk, zoom' },
    });
    expect(evaluateOtherApps({ prohibitedProcesses: [] }).verdict).toBe('passed');
  });
});

describe('screen share', () => {
  const screen = { status: 'captured', surface: 'monitor', width: 1920, height: 1080 } as const;
  it('passes a whole-screen capture within the display limit', () => {
    expect(evaluateScreenShare(screen, { count: 1, allowed: 1 }).verdict).toBe('passed');
  });
  it('fails a window capture, extra displays, and refusals', () => {
    expect(evaluateScreenShare({ ...screen, surface: 'window' }, { count: 1, allowed: 1 }).reason).toBe(
      'screen.notWholeScreen',
    );
    expect(evaluateScreenShare(screen, { count: 2, allowed: 1 })).toMatchObject({
      verdict: 'failed',
      fix: 'screen.fix.disconnect',
    });
    expect(evaluateScreenShare({ status: 'denied' }, null).reason).toBe('screen.denied');
    expect(evaluateScreenShare({ status: 'failed', message: 'x' }, null).details.error).toBe('x');
    expect(evaluateScreenShare({ status: 'waiting' }, null).verdict).toBe('pending');
  });
});

describe('webcam', () => {
  const good = { width: 640, height: 480, frameRate: 29.7, frameLuma: 128, faceCount: 1 };
  it('passes a 640×480 camera at a good frame rate with a lit face', () => {
    expect(evaluateWebcam(good, null)).toMatchObject({ verdict: 'passed', details: { frameRate: 29.7 } });
  });
  it.each([
    [{ width: 320, height: 240 }, 'cam.lowResolution'],
    [{ frameRate: 8 }, 'cam.lowFrameRate'],
    [{ frameLuma: 20 }, 'cam.tooDark'],
    [{ faceCount: 0 }, 'cam.noFace'],
  ])('fails %o', (change, reason) => {
    expect(evaluateWebcam({ ...good, ...change }, null)).toMatchObject({ verdict: 'failed', reason });
  });
  it('keeps measuring until every value is known', () => {
    expect(evaluateWebcam({ ...good, frameRate: null }, null).reason).toBe('cam.measuring');
    expect(evaluateWebcam(null, 'in-use').fix).toBe('cam.fix.closeOthers');
  });
  it('measures the frame rate from timestamps', () => {
    expect(measuredFrameRate([0, 100, 200, 300])).toBeCloseTo(10);
    expect(measuredFrameRate([5])).toBeNull();
  });
});

describe('room check', () => {
  it('walks through every direction before passing', () => {
    const shown: Partial<Record<(typeof ROOM_DIRECTIONS)[number], number>> = {};
    expect(nextDirection({ shown, recording: 'recording' })).toBe('front');
    for (const direction of ROOM_DIRECTIONS) shown[direction] = ROOM_CHECK_RULES.minMsPerDirection;
    expect(evaluateRoomCheck({ shown, recording: 'recording' }).reason).toBe('room.saving');
    expect(evaluateRoomCheck({ shown, recording: 'saved' })).toMatchObject({
      verdict: 'passed',
      details: { directions: 5 },
    });
    expect(evaluateRoomCheck({ shown, recording: 'failed' }).verdict).toBe('failed');
  });
  it('passes only a recorded scan, and fails at once when nothing can record it', () => {
    const shown = Object.fromEntries(ROOM_DIRECTIONS.map((d) => [d, ROOM_CHECK_RULES.minMsPerDirection]));
    expect(
      evaluateRoomCheck({ shown, recording: 'saved', recordingId: 'room-1', recordedBytes: 52_000 }),
    ).toMatchObject({
      verdict: 'passed',
      details: { recording: 'saved', recordingId: 'room-1', recordedBytes: 52_000 },
    });
    for (const recording of ['unavailable', 'idle'] as const) {
      // Before the pan as after it: a pan nobody can review does not count.
      expect(evaluateRoomCheck({ shown: {}, recording })).toMatchObject({
        verdict: 'failed',
        reason: 'room.notRecorded',
        fix: 'room.fix.restart',
      });
      expect(evaluateRoomCheck({ shown, recording }).verdict).toBe('failed');
    }
    expect(evaluateRoomCheck({ shown, recording: 'failed' })).toMatchObject({
      reason: 'room.recordingFailed',
      fix: 'room.fix.retry',
    });
  });
});
