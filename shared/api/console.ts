/**
 * The staff console's contract, once: roles, audit actions, and the bodies of the console's own
 * routes (/console/api/…) and of the signed audit-log route. Later sign-in methods (passkeys, OIDC)
 * add bodies here and end in the same console session.
 */
import { z } from 'zod';
import { timestampSchema } from './common';

/** admin: everything; proctor: live sessions; reviewer: reads. A staff user holds one or more. */
export const STAFF_ROLES = ['admin', 'proctor', 'reviewer'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** What the audit log records, with the words the console shows for it; a new staff action adds its entry here first. */
export const AUDIT_ACTION_LABELS = {
  'staff.created': 'Invited a staff member',
  'staff.disabled': 'Disabled a staff member',
  'staff.roles_changed': "Changed a staff member's roles",
  'invitation.accepted': 'Accepted an invitation',
  'sign_in.succeeded': 'Signed in',
  'sign_in.failed': 'Failed to sign in',
  'sign_in.locked_out': 'Was refused while locked out',
  sign_out: 'Signed out',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as [AuditAction, ...AuditAction[]];
export const auditActionSchema = z.enum(AUDIT_ACTIONS);

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

export const staffEmailSchema = z.email().max(320);

export const acceptInvitationRequestSchema = z.strictObject({
  token: z.string().min(16).max(200),
  password: passwordSchema,
  displayName: z.string().trim().min(1).max(200).optional(),
});
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequestSchema>;

export const signInRequestSchema = z.strictObject({
  accountId: z.number().int().positive(),
  email: staffEmailSchema,
  // Not the policy: a wrong password of any length gets the same answer as any other wrong password.
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const staffUserSchema = z.object({
  id: z.string(),
  accountId: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(staffRoleSchema),
});
export type StaffUser = z.infer<typeof staffUserSchema>;

/** Who is signed in, and the token every state-changing console request sends as X-CSRF-Token. */
export const consoleMeSchema = z.object({
  user: staffUserSchema,
  csrfToken: z.string(),
  sessionExpiresAt: timestampSchema,
});
export type ConsoleMe = z.infer<typeof consoleMeSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  accountId: z.number().int(),
  staffUserId: z.string().nullable(),
  action: auditActionSchema,
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  at: timestampSchema,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Newest first; `cursor` is the previous page's `nextCursor`. */
export const auditLogQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  actor: z.string().max(100).optional(),
  action: auditActionSchema.optional(),
  from: timestampSchema.optional(),
  to: timestampSchema.optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export const auditLogPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditLogPage = z.infer<typeof auditLogPageSchema>;

export const CONSOLE_CSRF_HEADER = 'x-csrf-token';
