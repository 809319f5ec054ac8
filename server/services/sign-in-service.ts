/**
 * Password sign-in with lockout. Failures are counted per email (per account) and per client
 * address over 15 minutes; from the 5th (20th for an address, which a campus NAT shares) every
 * attempt is refused with 429 until the last failure plus a delay that doubles with each further
 * failure (shared/retry/backoff.ts), whatever the password. Unknown email, wrong password, disabled
 * user and a user without a password get the same 401 after the same argon2 work.
 */
import { randomUUID } from 'node:crypto';
import type { SignInRequest } from '../../shared/api/console';
import { backoffDelay, type BackoffPolicy } from '../../shared/retry/backoff';
import { verifyOrDummy } from '../crypto/password-hash';
import type { TransactionRunner } from '../db/unit-of-work';
import { HttpError } from '../lib/http-error';
import { addMs, isoTime, type Clock } from '../lib/time';
import type { FailureCounts } from '../repositories/sign-in-failure-repository';
import { normalizeEmail, type StaffUser } from '../repositories/staff-repository';
import type { AuditService, RequestOrigin } from './audit-service';
import type { ConsoleSessionService, EstablishedSession } from './console-session-service';

export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_EMAIL_THRESHOLD = 5;
export const LOCKOUT_IP_THRESHOLD = 20;
/** 1 min after the 5th failure, 2 after the 6th, … at most 15 (the window, so the count is still there). */
export const LOCKOUT_BACKOFF: BackoffPolicy = { baseMs: 60_000, maxMs: LOCKOUT_WINDOW_MS, factor: 2 };

/** Refused during a lockout: the route answers 429 with Retry-After (seconds). */
export class LockedOutError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'locked_out', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`);
  }
}

const INVALID_CREDENTIALS = 'The email or password is not right';

export class SignInService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly audit: AuditService,
    private readonly sessions: ConsoleSessionService,
    private readonly clock: Clock,
  ) {}

  async signIn(request: SignInRequest, origin: RequestOrigin): Promise<EstablishedSession & { user: StaffUser }> {
    const email = normalizeEmail(request.email);
    const ip = origin.ip ?? 'unknown';
    const { user, lockedForMs } = await this.transaction(async ({ repositories }) => ({
      user: await repositories.staff.findByEmail(request.accountId, email),
      lockedForMs: this.lockedFor(
        await repositories.signInFailures.count(
          request.accountId,
          email,
          ip,
          isoTime(addMs(this.clock(), -LOCKOUT_WINDOW_MS)),
        ),
      ),
    }));
    if (lockedForMs > 0) {
      const retryAfterSeconds = Math.ceil(lockedForMs / 1000);
      await this.recordRefusal(request.accountId, user, 'sign_in.locked_out', { email, retryAfterSeconds }, origin);
      throw new LockedOutError(retryAfterSeconds);
    }
    const usable = user && !user.disabled ? user.passwordHash : null;
    const matches = await verifyOrDummy(usable, request.password);
    if (!matches || !user) {
      await this.transaction(({ repositories }) =>
        repositories.signInFailures.record({
          id: randomUUID(),
          accountId: request.accountId,
          email,
          ip,
          at: isoTime(this.clock()),
        }),
      );
      await this.recordRefusal(request.accountId, user, 'sign_in.failed', { email }, origin);
      throw new HttpError(401, 'unauthorized', INVALID_CREDENTIALS);
    }
    return this.transaction(async ({ repositories }) => {
      await repositories.signInFailures.clearEmail(request.accountId, email);
      const established = await this.sessions.establish(repositories, user, origin);
      await this.audit.record(repositories, {
        accountId: user.accountId,
        staffUserId: user.id,
        action: 'sign_in.succeeded',
        details: { method: 'password' },
        origin,
      });
      return { ...established, user };
    });
  }

  /** How long this email (per account) or address is still locked out, in ms; 0 when it is not. */
  private lockedFor(counts: FailureCounts): number {
    const now = this.clock().getTime();
    const until = (failures: number, threshold: number, last: string | null) =>
      failures < threshold || last === null
        ? 0
        : Date.parse(last) + backoffDelay(failures - threshold, LOCKOUT_BACKOFF) - now;
    return Math.max(
      0,
      until(counts.byEmail, LOCKOUT_EMAIL_THRESHOLD, counts.lastByEmail),
      until(counts.byIp, LOCKOUT_IP_THRESHOLD, counts.lastByIp),
    );
  }

  /** A refused attempt goes in the audit log of the account asked for, when that account exists. */
  private async recordRefusal(
    accountId: number,
    user: StaffUser | undefined,
    action: 'sign_in.failed' | 'sign_in.locked_out',
    details: Record<string, unknown>,
    origin: RequestOrigin,
  ): Promise<void> {
    await this.transaction(async ({ repositories }) => {
      if (!(await repositories.accounts.findById(accountId))) return;
      await this.audit.record(repositories, {
        accountId,
        staffUserId: user?.id ?? null,
        action,
        details,
        origin,
      });
    });
  }
}
