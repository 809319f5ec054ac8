/**
 * The managed configuration a testing centre deploys machine-wide (see docs/client.md for the paths).
 * Its values win over the user's settings and the exam's policy and cannot be changed from the UI.
 */
import { z } from 'zod';
import { QUIT_PASSWORD_PATTERN } from './quit-password';

/** Policy values a centre may lock. prohibitedProcesses are added to the exam's list, never replace it. */
export const lockedPolicySchema = z.strictObject({
  allowedDisplays: z.number().int().min(1).max(16).optional(),
  allowVirtualMachine: z.boolean().optional(),
  prohibitedProcesses: z.array(z.string().min(1).max(128)).max(500).optional(),
  quitPasswordHash: z.string().max(512).regex(QUIT_PASSWORD_PATTERN, 'must be scrypt$<N>$<salt>$<hash>').optional(),
  minFreeDiskMb: z.number().int().min(50).max(1_000_000).optional(),
  allowPreview: z.boolean().optional(),
});
export type LockedPolicy = z.infer<typeof lockedPolicySchema>;

export const centreAccountSchema = z.strictObject({
  accountId: z.union([z.number().int().positive(), z.string().regex(/^[A-Za-z0-9_-]{1,128}$/)]),
  secretKey: z.string().min(32).max(256),
});
export type CentreAccount = z.infer<typeof centreAccountSchema>;

export const managedConfigSchema = z.strictObject({
  /** The exam service this machine talks to; launch codes from any other service are useless here. */
  serviceUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The centre's account key, for calls made on the centre's behalf (never shown to the candidate). */
  centreAccount: centreAccountSchema.optional(),
  policy: lockedPolicySchema.optional(),
});
export type ManagedConfig = z.infer<typeof managedConfigSchema>;
