/** Webhook configuration and the payload a receiver gets (ExamUnit's shape plus Vigil's ids). */
import { z } from 'zod';
import { incidentTypeSchema } from '../incidents';
import { idSchema, timestampSchema } from './common';

export const putWebhookRequestSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).nullable(),
  /** Only these incident types are delivered; empty or absent: all. */
  incidentTypes: z.array(incidentTypeSchema).default([]),
});
export type PutWebhookRequest = z.input<typeof putWebhookRequestSchema>;

export const webhookConfigSchema = z.object({
  url: z.string().nullable(),
  incidentTypes: z.array(incidentTypeSchema),
});

export const webhookPayloadSchema = z.object({
  /** When this delivery attempt was made (new on each retry). */
  timestamp: timestampSchema,
  /** When the incident happened (the same on every retry). */
  triggeredAt: timestampSchema,
  candidateId: z.string(),
  incidentType: incidentTypeSchema,
  additionalData: z.record(z.string(), z.unknown()),
  sessionId: idSchema,
  externalUserId: z.string(),
  examId: idSchema,
  /**
   * The client claimed to be the not-locked-down browser preview (unverified: no device attestation
   * yet); such a session's score is capped and it is always flagged for review. Absent on payloads
   * queued before this field existed.
   */
  preview: z.boolean().optional(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
