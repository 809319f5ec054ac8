/** Which steps run: the flow's steps in order, minus those the exam's policy does not ask for. */
import type { ExamPolicy } from '../../shared/policy';
import { FLOW_STEPS, type CheckFlow, type CheckStep } from '../../shared/steps';

export function planSteps(flow: CheckFlow, policy: Pick<ExamPolicy, 'requireRoomScan' | 'requireIdCard'>): CheckStep[] {
  return FLOW_STEPS[flow].filter((step) => {
    if (step === 'ROOM_CHECK') return policy.requireRoomScan;
    if (step === 'ID_CARD') return policy.requireIdCard;
    return step !== 'MOBILE_CAM';
  });
}

export function nextStep(plan: readonly CheckStep[], current: CheckStep): CheckStep | null {
  const index = plan.indexOf(current);
  return index >= 0 && index + 1 < plan.length ? plan[index + 1]! : null;
}
