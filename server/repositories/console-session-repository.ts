/** Console sessions, keyed by the SHA-256 of the cookie's token. */
import type { ConsoleSessionRow, Db } from '../db/schema';

export class ConsoleSessionRepository {
  constructor(private readonly db: Db) {}

  async insert(session: ConsoleSessionRow): Promise<void> {
    await this.db.insertInto('console_sessions').values(session).execute();
  }

  async findById(id: string): Promise<ConsoleSessionRow | undefined> {
    return this.db.selectFrom('console_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touch(id: string, lastSeenAt: string): Promise<void> {
    await this.db.updateTable('console_sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
  }

  async revoke(id: string, revokedAt: string): Promise<void> {
    await this.db
      .updateTable('console_sessions')
      .set({ revoked_at: revokedAt })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllOf(staffUserId: string, revokedAt: string): Promise<void> {
    await this.db
      .updateTable('console_sessions')
      .set({ revoked_at: revokedAt })
      .where('staff_user_id', '=', staffUserId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Sessions past their absolute end before `before` (revoked or not): nothing can revive them. */
  async deleteExpiredBefore(before: string): Promise<number> {
    const result = await this.db.deleteFrom('console_sessions').where('expires_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
