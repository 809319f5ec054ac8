/**
 * Console sessions: the one place a staff member's sign-in becomes a session (`establish`, which
 * every sign-in method calls: password today, passkeys and OIDC later), and where a cookie is
 * judged on every request against the database, so sign-out, disabling and role changes apply at once.
 */
import type { ConsoleMe } from '../../shared/api/console';
import { generateConsoleToken, hashConsoleToken } from '../crypto/console-tokens';
import type { ConsoleSessionRow } from '../db/schema';
import { addMs, isoTime, type Clock } from '../lib/time';
import type { Repositories } from '../repositories/index';
import type { StaffUser } from '../repositories/staff-repository';
import type { RequestOrigin } from './audit-service';

export const CONSOLE_IDLE_TIMEOUT_MS = 30 * 60_000;
export const CONSOLE_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface EstablishedSession {
  /** The cookie's value: shown to the browser once, stored only as its hash. */
  token: string;
  session: ConsoleSessionRow;
}

export interface AuthenticatedStaff {
  session: ConsoleSessionRow;
  user: StaffUser;
}

export class ConsoleSessionService {
  constructor(
    private readonly repositories: Repositories,
    private readonly clock: Clock,
  ) {}

  /** A fresh session with a fresh token and CSRF token: never one the browser brought (no fixation). */
  async establish(repositories: Repositories, user: StaffUser, origin: RequestOrigin): Promise<EstablishedSession> {
    const now = this.clock();
    const token = generateConsoleToken();
    const session: ConsoleSessionRow = {
      id: hashConsoleToken(token),
      staff_user_id: user.id,
      csrf_token: generateConsoleToken(),
      created_at: isoTime(now),
      last_seen_at: isoTime(now),
      expires_at: isoTime(addMs(now, CONSOLE_ABSOLUTE_TIMEOUT_MS)),
      ip: origin.ip,
      user_agent: origin.userAgent?.slice(0, 512) ?? null,
      revoked_at: null,
    };
    await repositories.consoleSessions.insert(session);
    return { token, session };
  }

  /** The live session and its enabled user for a cookie token, or null (unknown, revoked, idle, expired, disabled). */
  async authenticate(token: string): Promise<AuthenticatedStaff | null> {
    const session = await this.repositories.consoleSessions.findById(hashConsoleToken(token));
    if (!session || session.revoked_at !== null) return null;
    const now = this.clock().getTime();
    const lastSeen = Date.parse(session.last_seen_at);
    if (now >= Date.parse(session.expires_at) || now >= lastSeen + CONSOLE_IDLE_TIMEOUT_MS) return null;
    const user = await this.repositories.staff.findById(session.staff_user_id);
    if (!user || user.disabled) return null;
    if (now - lastSeen < TOUCH_INTERVAL_MS) return { session, user };
    const lastSeenAt = isoTime(new Date(now));
    await this.repositories.consoleSessions.touch(session.id, lastSeenAt);
    return { session: { ...session, last_seen_at: lastSeenAt }, user };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.repositories.consoleSessions.revoke(sessionId, isoTime(this.clock()));
  }

  /** When the session ends if nothing else happens: the sooner of idle and absolute. */
  expiresAt(session: ConsoleSessionRow): string {
    const idle = Date.parse(session.last_seen_at) + CONSOLE_IDLE_TIMEOUT_MS;
    return isoTime(new Date(Math.min(idle, Date.parse(session.expires_at))));
  }

  describe(staff: AuthenticatedStaff): ConsoleMe {
    const { user, session } = staff;
    return {
      user: {
        id: user.id,
        accountId: user.accountId,
        email: user.email,
        displayName: user.displayName,
        roles: user.roles,
      },
      csrfToken: session.csrf_token,
      sessionExpiresAt: this.expiresAt(session),
    };
  }
}
