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

/**
 * Fields a managed configuration may no longer carry, and what to do instead. `centreAccount` put an
 * institution's full API key, readable by every local user, on every centre PC (issue 10).
 */
export const RETIRED_MANAGED_FIELDS: Readonly<Record<string, string>> = {
  centreAccount:
    '"centreAccount" is no longer accepted: it put an institution\'s account key on a machine every candidate ' +
    'can read. Remove it from the file, and rotate that key on the service (`account rotate --id <N>`), since ' +
    "anyone who used this machine may have copied it. A centre machine needs no key at all; the centre's " +
    'identity will come from device enrolment.',
};

export const managedConfigSchema = z.strictObject({
  /** The exam service this machine talks to; launch codes from any other service are useless here. */
  serviceUrl: z.url({ protocol: /^https?$/ }).optional(),
  policy: lockedPolicySchema.optional(),
});
export type ManagedConfig = z.infer<typeof managedConfigSchema>;
