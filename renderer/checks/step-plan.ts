/**
 * Which steps run: the flow's steps in order, minus those the exam's policy does not ask for and
 * those its mode rules out. ROOM_CHECK is a recorded pan; in `events-only` mode nothing is recorded,
 * so it is left out and reported to the service as skipped (with why) instead of being shown to no one.
 */
import { recordsMedia, type ExamMode, type ExamPolicy } from '../../shared/policy';
import { FLOW_STEPS, type CheckFlow, type CheckStep } from '../../shared/steps';

type PlanPolicy = Pick<ExamPolicy, 'requireRoomScan' | 'requireIdCard'>;

export interface SkippedStep {
  step: CheckStep;
  /** Why a step the policy asks for does not run (goes to the service with the `skipped` report). */
  reason: 'events-only';
}

export function planSteps(flow: CheckFlow, policy: PlanPolicy, mode: ExamMode): CheckStep[] {
  const skipped = new Set(skippedSteps(flow, policy, mode).map(({ step }) => step));
  return FLOW_STEPS[flow].filter((step) => {
    if (skipped.has(step)) return false;
    if (step === 'ROOM_CHECK') return policy.requireRoomScan;
    if (step === 'ID_CARD') return policy.requireIdCard;
    return step !== 'MOBILE_CAM';
  });
}

/** Steps the policy asks for that the exam's mode rules out. */
export function skippedSteps(flow: CheckFlow, policy: PlanPolicy, mode: ExamMode): SkippedStep[] {
  if (flow === 'system' && policy.requireRoomScan && !recordsMedia(mode)) {
    return [{ step: 'ROOM_CHECK', reason: 'events-only' }];
  }
  return [];
}

export function nextStep(plan: readonly CheckStep[], current: CheckStep): CheckStep | null {
  const index = plan.indexOf(current);
  return index >= 0 && index + 1 < plan.length ? plan[index + 1]! : null;
}
