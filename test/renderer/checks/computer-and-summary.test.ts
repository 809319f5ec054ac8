import { describe, expect, it } from 'vitest';
import type { SystemReport } from '../../../shared/ipc/contract';
import { examPolicySchema } from '../../../shared/policy';
import { evaluateComputer, evaluateNetwork } from '../../../renderer/checks/computer-rules';
import { summarise } from '../../../renderer/checks/finish-summary';
import { nextStep, planSteps, skippedSteps } from '../../../renderer/checks/step-plan';
import { failed, passed } from '../../../renderer/checks/check-result';
import { assessCardFrame, evaluateIdCard } from '../../../renderer/checks/id-card-rules';
import { faceObservation, frameAnalysis } from '../../support/renderer-face-analysis';

const report: SystemReport = {
  os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' },
  virtualMachine: { detected: false, reasons: [], allowed: false },
  prohibitedProcesses: [],
  displays: { count: 1, allowed: 1 },
  disk: { freeBytes: 5e9, requiredBytes: 1e9 },
  network: { latencyMs: 12, uploadBytesPerSecond: 5e6, online: true },
};

describe('computer checks', () => {
  it('passes a healthy machine', () => {
    expect(evaluateComputer(report, true).map((check) => check.outcome.verdict)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
  });

  it('fails a refused virtual machine, a full disk, an unsupported OS', () => {
    const bad: SystemReport = {
      ...report,
      os: { ...report.os, platform: 'freebsd' },
      virtualMachine: { detected: true, reasons: ['vendor: QEMU'], allowed: false },
      disk: { freeBytes: 1e8, requiredBytes: 1e9 },
    };
    const byId = Object.fromEntries(evaluateComputer(bad, true).map((check) => [check.id, check.outcome]));
    expect(byId.os?.reason).toBe('computer.osUnsupported');
    expect(byId.vm).toMatchObject({ verdict: 'failed', fix: 'computer.fix.vm', details: { reasons: 'vendor: QEMU' } });
    expect(byId.disk?.reason).toBe('computer.diskLow');
  });

  it('allows a virtual machine when the policy does', () => {
    const vm = { ...report, virtualMachine: { detected: true, reasons: ['x'], allowed: true } };
    expect(evaluateComputer(vm, true)[1]?.outcome.verdict).toBe('passed');
  });

  it('judges upload speed only when the exam records media', () => {
    const slow = { ...report.network, uploadBytesPerSecond: 20_000 };
    expect(evaluateNetwork(slow, true).reason).toBe('computer.slowUpload');
    expect(evaluateNetwork(slow, false).verdict).toBe('passed');
    expect(evaluateNetwork({ ...slow, online: false }, false).reason).toBe('computer.offline');
    expect(evaluateNetwork({ ...slow, latencyMs: 2000 }, false).reason).toBe('computer.slowNetwork');
  });
});

describe('step plan', () => {
  const policy = examPolicySchema.parse({});
  it('runs ROOM_CHECK and ID_CARD only when the policy asks', () => {
    expect(planSteps('system', policy, 'recording')).toEqual([
      'START',
      'MICROPHONE',
      'SPEAKERS',
      'BROWSER_TABS',
      'SCREENSHARE',
      'WEB_CAM',
      'FINISH',
    ]);
    expect(planSteps('system', { ...policy, requireRoomScan: true }, 'recording')).toContain('ROOM_CHECK');
    expect(planSteps('identity', policy, 'recording')).toEqual(['START', 'FACE_PHOTO', 'FINISH']);
    expect(planSteps('identity', { ...policy, requireIdCard: true }, 'recording')).toEqual([
      'START',
      'FACE_PHOTO',
      'ID_CARD',
      'FINISH',
    ]);
  });
  it('leaves the room scan out in events-only mode, where nothing is recorded, and says why', () => {
    const roomScan = { ...policy, requireRoomScan: true };
    for (const mode of ['recording', 'live', 'hybrid'] as const) {
      expect(planSteps('system', roomScan, mode)).toContain('ROOM_CHECK');
      expect(skippedSteps('system', roomScan, mode)).toEqual([]);
    }
    expect(planSteps('system', roomScan, 'events-only')).not.toContain('ROOM_CHECK');
    expect(skippedSteps('system', roomScan, 'events-only')).toEqual([{ step: 'ROOM_CHECK', reason: 'events-only' }]);
    // Not asked for, nothing to explain.
    expect(skippedSteps('system', policy, 'events-only')).toEqual([]);
    expect(skippedSteps('identity', roomScan, 'events-only')).toEqual([]);
  });
  it('moves to the next planned step', () => {
    const plan = planSteps('identity', policy, 'recording');
    expect(nextStep(plan, 'FACE_PHOTO')).toBe('FINISH');
    expect(nextStep(plan, 'FINISH')).toBeNull();
  });
});

describe('finish summary', () => {
  it('lists every planned check and the computer, with fixes for failures', () => {
    const plan = planSteps('system', examPolicySchema.parse({}), 'recording');
    const summary = summarise(
      'system',
      plan,
      { MICROPHONE: passed(), SPEAKERS: failed('speakers.wrongTooOften', 'speakers.fix.volume') },
      evaluateComputer(report, true),
    );
    expect(summary.rows.map((row) => row.id)).toEqual([
      'MICROPHONE',
      'SPEAKERS',
      'BROWSER_TABS',
      'SCREENSHARE',
      'WEB_CAM',
      'os',
      'vm',
      'disk',
      'network',
    ]);
    expect(summary.rows[1]).toMatchObject({ verdict: 'failed', fix: 'speakers.fix.volume', label: 'step.SPEAKERS' });
    expect(summary.rows[2]?.verdict).toBe('not-run');
    expect(summary.rows.find((row) => row.id === 'network')?.value).toEqual({
      key: 'computer.value.network',
      params: { latency: 12, upload: 40 },
    });
    expect(summary.failedCount).toBe(4);
    expect(summary.allPassed).toBe(false);
  });
});

describe('ID card', () => {
  const card = faceObservation({ box: { x: 27, y: 205, width: 132, height: 132 }, sharpness: 190, luma: 125 });
  it('accepts the card face alone in view, even though it is small', () => {
    expect(assessCardFrame(frameAnalysis([card])).good).toBe(true);
  });
  it('asks for the card alone, closer, lit and still', () => {
    expect(assessCardFrame(frameAnalysis([])).guidance).toBe('card.noFace');
    expect(assessCardFrame(frameAnalysis([faceObservation(), card])).guidance).toBe('card.onlyCard');
    expect(assessCardFrame(frameAnalysis([{ ...card, box: { ...card.box, width: 40 } }])).guidance).toBe('card.closer');
    // A face as large as the candidate's own at the desk is not a card's photo.
    expect(assessCardFrame(frameAnalysis([faceObservation()])).guidance).toBe('card.tooLarge');
    expect(assessCardFrame(frameAnalysis([{ ...card, luma: 240 }])).guidance).toBe('card.glare');
    expect(assessCardFrame(frameAnalysis([{ ...card, sharpness: 10 }])).guidance).toBe('card.holdStill');
  });
  it('passes only when the service confirms the match', () => {
    expect(evaluateIdCard({ clientSimilarity: null, threshold: 0.5, verified: null }).reason).toBe('card.show');
    expect(evaluateIdCard({ clientSimilarity: 0.9, threshold: 0.5, verified: null }).reason).toBe('card.verifying');
    expect(
      evaluateIdCard({
        clientSimilarity: 0.9,
        threshold: 0.5,
        verified: { passed: true, agreed: true, serverSimilarity: 0.88 },
      }),
    ).toMatchObject({
      verdict: 'passed',
      details: { serverSimilarity: 0.88 },
    });
    expect(
      evaluateIdCard({
        clientSimilarity: 0.9,
        threshold: 0.5,
        verified: { passed: false, agreed: false, serverSimilarity: 0.3 },
      }).reason,
    ).toBe('card.mismatch');
  });
});
