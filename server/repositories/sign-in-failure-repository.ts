/** Failed console sign-ins, counted by email (per account) and by client address for the lockout. */
import type { Db } from '../db/schema';

export interface FailureCounts {
  /** Failures for this email since `since`, and the latest one's time. */
  byEmail: number;
  lastByEmail: string | null;
  byIp: number;
  lastByIp: string | null;
}

export class SignInFailureRepository {
  constructor(private readonly db: Db) {}

  async record(failure: { id: string; accountId: number; email: string; ip: string; at: string }): Promise<void> {
    await this.db
      .insertInto('staff_sign_in_failures')
      .values({ id: failure.id, account_id: failure.accountId, email: failure.email, ip: failure.ip, at: failure.at })
      .execute();
  }

  async count(accountId: number, email: string, ip: string, since: string): Promise<FailureCounts> {
    const byEmail = await this.db
      .selectFrom('staff_sign_in_failures')
      .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('at').as('last')])
      .where('account_id', '=', accountId)
      .where('email', '=', email)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    const byIp = await this.db
      .selectFrom('staff_sign_in_failures')
      .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('at').as('last')])
      .where('ip', '=', ip)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    return {
      byEmail: Number(byEmail.n),
      lastByEmail: byEmail.last ?? null,
      byIp: Number(byIp.n),
      lastByIp: byIp.last ?? null,
    };
  }

  /** A successful sign-in clears the email's count (not the address's: one good password must not unlock stuffing). */
  async clearEmail(accountId: number, email: string): Promise<void> {
    await this.db
      .deleteFrom('staff_sign_in_failures')
      .where('account_id', '=', accountId)
      .where('email', '=', email)
      .execute();
  }

  /** Failures older than `before` count for no lockout any more. */
  async deleteOlderThan(before: string): Promise<number> {
    const result = await this.db.deleteFrom('staff_sign_in_failures').where('at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
