/**
 * Staff users of an account: created with an invitation (the CLI today, the console's staff page
 * later), listed, disabled, given roles, and the invitation accepted by setting a password. Every
 * change writes its audit entry in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../shared/api/console';
import { generateConsoleToken, hashConsoleToken } from '../crypto/console-tokens';
import { hashPassword } from '../crypto/password-hash';
import type { TransactionRunner } from '../db/unit-of-work';
import { badRequest, gone, HttpError, notFound } from '../lib/http-error';
import { addMs, isoTime, type Clock } from '../lib/time';
import { normalizeEmail, type StaffUser } from '../repositories/staff-repository';
import type { AuditService, RequestOrigin } from './audit-service';
import type { ConsoleSessionService, EstablishedSession } from './console-session-service';

export const INVITATION_TTL_MS = 72 * 60 * 60_000;

export interface CreatedStaff {
  user: StaffUser;
  /** The one-time invitation token: shown once (in a link's fragment), stored only as its hash. */
  invitationToken: string;
  invitationExpiresAt: string;
}

/** Who did it, for the audit entry: a staff user, or the operator at the CLI (null). */
export interface Actor {
  staffUserId: string | null;
  origin: RequestOrigin;
}

export const CLI_ACTOR: Actor = { staffUserId: null, origin: { ip: null, userAgent: 'vigil-cli' } };

export class StaffService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly audit: AuditService,
    private readonly sessions: ConsoleSessionService,
    private readonly clock: Clock,
  ) {}

  async create(
    input: { accountId: number; email: string; displayName?: string; roles: readonly StaffRole[] },
    actor: Actor,
  ): Promise<CreatedStaff> {
    if (input.roles.length === 0) throw badRequest('A staff user needs at least one role');
    const email = normalizeEmail(input.email);
    return this.transaction(async ({ repositories }) => {
      if (!(await repositories.accounts.findById(input.accountId))) throw notFound(`Account ${input.accountId}`);
      if (await repositories.staff.findByEmail(input.accountId, email)) {
        throw new HttpError(409, 'conflict', `${email} is already a staff user of account ${input.accountId}`);
      }
      const now = this.clock();
      const user = await repositories.staff.insert({
        id: randomUUID(),
        accountId: input.accountId,
        email,
        displayName: input.displayName?.trim() || email,
        roles: [...new Set(input.roles)],
        createdAt: isoTime(now),
      });
      const invitationToken = generateConsoleToken();
      const invitationExpiresAt = isoTime(addMs(now, INVITATION_TTL_MS));
      await repositories.staff.insertInvitation({
        token_hash: hashConsoleToken(invitationToken),
        staff_user_id: user.id,
        created_at: isoTime(now),
        expires_at: invitationExpiresAt,
        used_at: null,
      });
      await this.audit.record(repositories, {
        accountId: user.accountId,
        staffUserId: actor.staffUserId,
        action: 'staff.created',
        target: { type: 'staff_user', id: user.id },
        details: { email, roles: user.roles },
        origin: actor.origin,
      });
      return { user, invitationToken, invitationExpiresAt };
    });
  }

  async list(accountId: number): Promise<StaffUser[]> {
    return this.transaction(({ repositories }) => repositories.staff.listByAccount(accountId));
  }

  /** Disables the user and revokes every session of theirs in the same transaction: they are out at once. */
  async disable(accountId: number, email: string, actor: Actor): Promise<StaffUser> {
    return this.transaction(async ({ repositories }) => {
      const user = await repositories.staff.findByEmail(accountId, email);
      if (!user) throw notFound(`Staff user ${normalizeEmail(email)}`);
      await repositories.staff.setDisabled(user.id, true);
      await repositories.consoleSessions.revokeAllOf(user.id, isoTime(this.clock()));
      await this.audit.record(repositories, {
        accountId,
        staffUserId: actor.staffUserId,
        action: 'staff.disabled',
        target: { type: 'staff_user', id: user.id },
        details: { email: user.email },
        origin: actor.origin,
      });
      return { ...user, disabled: true };
    });
  }

  /** New roles take effect on the user's next request: sessions read the user's roles every time. */
  async setRoles(accountId: number, email: string, roles: readonly StaffRole[], actor: Actor): Promise<StaffUser> {
    if (roles.length === 0) throw badRequest('A staff user needs at least one role');
    return this.transaction(async ({ repositories }) => {
      const user = await repositories.staff.findByEmail(accountId, email);
      if (!user) throw notFound(`Staff user ${normalizeEmail(email)}`);
      const unique = [...new Set(roles)];
      await repositories.staff.setRoles(user.id, unique);
      await this.audit.record(repositories, {
        accountId,
        staffUserId: actor.staffUserId,
        action: 'staff.roles_changed',
        target: { type: 'staff_user', id: user.id },
        details: { from: user.roles, to: unique },
        origin: actor.origin,
      });
      return { ...user, roles: unique };
    });
  }

  /** Spends the invitation, sets the password and signs the user in: one transaction, single use. */
  async acceptInvitation(
    input: { token: string; password: string; displayName?: string | undefined },
    origin: RequestOrigin,
  ): Promise<EstablishedSession & { user: StaffUser }> {
    const tokenHash = hashConsoleToken(input.token);
    const found = await this.transaction(async ({ repositories }) => {
      const invitation = await repositories.staff.findInvitation(tokenHash);
      const user = invitation && (await repositories.staff.findById(invitation.staff_user_id));
      return invitation && user ? { invitation, user } : undefined;
    });
    // One answer for an unknown token and one that belongs to nobody: the token is the only secret.
    if (!found) throw new HttpError(403, 'forbidden', 'This invitation link is not valid; ask an admin for a new one');
    const { invitation, user } = found;
    if (invitation.used_at !== null) throw gone('This invitation link was already used; ask an admin for a new one');
    if (this.clock().getTime() >= Date.parse(invitation.expires_at)) {
      throw gone('This invitation link has expired; ask an admin for a new one');
    }
    if (user.disabled) throw new HttpError(403, 'forbidden', 'This staff user is disabled');
    if (input.password.trim().toLowerCase() === user.email) {
      throw badRequest('The password must not be your email address', [
        { path: 'body/password', message: 'must not be the email address' },
      ]);
    }
    // Hashed outside the transaction: argon2 takes tens of milliseconds and must not hold a write lock.
    const passwordHash = await hashPassword(input.password);
    return this.transaction(async ({ repositories }) => {
      if (!(await repositories.staff.useInvitation(tokenHash, isoTime(this.clock())))) {
        throw gone('This invitation link was already used; ask an admin for a new one');
      }
      await repositories.staff.setPassword(user.id, passwordHash, input.displayName);
      await this.audit.record(repositories, {
        accountId: user.accountId,
        staffUserId: user.id,
        action: 'invitation.accepted',
        target: { type: 'staff_user', id: user.id },
        origin,
      });
      const signedIn = { ...user, passwordHash, displayName: input.displayName ?? user.displayName };
      const established = await this.sessions.establish(repositories, signedIn, origin);
      return { ...established, user: signedIn };
    });
  }
}
