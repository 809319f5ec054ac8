/** The institution's own account as the API shows it (never a secret), and a rotated webhook secret (shown once). */
import { z } from 'zod';
import { timestampSchema } from './common';

export const accountSchema = z.object({
  accountId: z.number().int(),
  name: z.string(),
  /** True: StartExam's SharedKey (V1) is accepted besides SharedKeyV2; changed with the CLI's `account update`. */
  allowV1: z.boolean(),
  webhookUrl: z.string().nullable(),
  /** When the webhook secret was last set; null: webhooks are still signed with the API key (an account from before it existed). */
  webhookSecretRotatedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  rotatedAt: timestampSchema.nullable(),
  previousKeyValidUntil: timestampSchema.nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const rotatedWebhookSecretSchema = z.object({
  accountId: z.number().int(),
  /** `whsec_…`: keys X-Signature from the next delivery attempt on; the previous one stops at once. Shown once. */
  webhookSecret: z.string().startsWith('whsec_'),
  rotatedAt: timestampSchema,
});
export type RotatedWebhookSecret = z.infer<typeof rotatedWebhookSecretSchema>;
