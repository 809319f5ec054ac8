/** System-check and identity-check steps (ExamUnit's names) and how a step is reported. */
import { z } from 'zod';

export const CHECK_STEPS = [
  'START',
  'MICROPHONE',
  'SPEAKERS',
  'BROWSER_TABS',
  'SCREENSHARE',
  'WEB_CAM',
  'MOBILE_CAM',
  'ROOM_CHECK',
  'FACE_PHOTO',
  'ID_CARD',
  'FINISH',
] as const;
export const checkStepSchema = z.enum(CHECK_STEPS);
export type CheckStep = z.infer<typeof checkStepSchema>;

export const CHECK_FLOWS = ['system', 'identity'] as const;
export const checkFlowSchema = z.enum(CHECK_FLOWS);
export type CheckFlow = z.infer<typeof checkFlowSchema>;

export const STEP_STATUSES = ['started', 'passed', 'failed', 'skipped'] as const;
export const stepStatusSchema = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof stepStatusSchema>;

/** Which steps belong to which flow, in the order a candidate meets them. */
export const FLOW_STEPS: Record<CheckFlow, readonly CheckStep[]> = {
  system: ['START', 'MICROPHONE', 'SPEAKERS', 'BROWSER_TABS', 'SCREENSHARE', 'WEB_CAM', 'ROOM_CHECK', 'FINISH'],
  identity: ['START', 'FACE_PHOTO', 'ID_CARD', 'FINISH'],
};
