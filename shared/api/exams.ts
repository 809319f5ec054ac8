/** Institution-facing exam API bodies. */
import { z } from 'zod';
import { examModeSchema, examPolicySchema } from '../policy';
import { idSchema, timestampSchema } from './common';

export const createExamRequestSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  mode: examModeSchema.default('recording'),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** The institution's exam page; defaults to the service's demo exam. */
  startUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Origins (or URLs whose origin counts) the exam page may navigate within, besides startUrl's. */
  allowedUrls: z
    .array(z.url({ protocol: /^https?$/ }))
    .max(50)
    .default([]),
  policy: examPolicySchema.refine((policy) => policy.quitPasswordHash === undefined, {
    path: ['quitPasswordHash'],
    message:
      'An exam has no quit password: each session gets its own (GET /v1/sessions/:id/quit-password), so one leaked verifier opens one session only',
  }),
});
export type CreateExamRequest = z.input<typeof createExamRequestSchema>;

export const examSchema = z.object({
  id: idSchema,
  accountId: z.number().int(),
  title: z.string(),
  mode: examModeSchema,
  durationMinutes: z.number().int(),
  startUrl: z.string(),
  allowedUrls: z.array(z.string()),
  policy: examPolicySchema,
  createdAt: timestampSchema,
});
export type Exam = z.infer<typeof examSchema>;
