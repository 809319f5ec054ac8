/** Candidate sessions. State changes are conditional updates, so two racing calls cannot both win. */
import type { SessionState } from '../../shared/session-states';
import type { SqlEngine } from '../db/dialect';
import type { Db, NewSessionRow, SessionRow, SessionUpdate } from '../db/schema';

export type SessionWithExam = SessionRow & { policy: string; duration_minutes: number };

export class SessionRepository {
  constructor(
    private readonly db: Db,
    private readonly engine: SqlEngine = 'sqlite',
  ) {}

  /**
   * Reads the session and holds its row until the transaction ends, so work that decides from the
   * session's incidents (auth score, auto-stop) runs one transaction at a time per session. On
   * PostgreSQL `FOR NO KEY UPDATE`, which does not wait for the key-share locks that inserting
   * incidents takes; SQLite transactions are serialised already.
   */
  async lockById(id: string): Promise<SessionRow | undefined> {
    const query = this.db.selectFrom('sessions').selectAll().where('id', '=', id);
    return (this.engine === 'postgres' ? query.forNoKeyUpdate() : query).executeTakeFirst();
  }

  async insert(session: NewSessionRow): Promise<SessionRow> {
    return this.db.insertInto('sessions').values(session).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findForAccount(accountId: number, id: string): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  }

  async findByLaunchCodeHash(hash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('launch_code_hash', '=', hash).executeTakeFirst();
  }

  async findBySessionKeyId(keyId: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('session_key_id', '=', keyId).executeTakeFirst();
  }

  /** Sessions of an exam nobody has launched yet (oldest first). */
  async findUnlaunched(examId: string): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('exam_id', '=', examId)
      .where('launched_at', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
  }

  /** Applies `patch` only while the session is still in one of `from`; false when another call got there first. */
  async updateIfState(
    id: string,
    from: readonly SessionState[],
    patch: SessionUpdate,
  ): Promise<SessionRow | undefined> {
    return this.db
      .updateTable('sessions')
      .set(patch)
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .returningAll()
      .executeTakeFirst();
  }

  /** Consumes the launch code: only the first of two concurrent launches gets the row back. */
  async markLaunched(id: string, patch: SessionUpdate): Promise<SessionRow | undefined> {
    return this.db
      .updateTable('sessions')
      .set(patch)
      .where('id', '=', id)
      .where('launched_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** Stores the session's quit password unless another call stored one first (then undefined). */
  async setQuitPasswordIfUnset(
    id: string,
    patch: Pick<SessionUpdate, 'quit_password_ciphertext' | 'quit_password_verifier'>,
  ): Promise<SessionRow | undefined> {
    return this.db
      .updateTable('sessions')
      .set(patch)
      .where('id', '=', id)
      .where('quit_password_verifier', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  async update(id: string, patch: SessionUpdate): Promise<SessionRow | undefined> {
    return this.db.updateTable('sessions').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** Launched, still open, and silent (no heartbeat, or none since launch) since `cutoff`. */
  async listSilentSince(openStates: readonly SessionState[], cutoff: string, limit: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('state', 'in', [...openStates])
      .where('launched_at', 'is not', null)
      .where((eb) =>
        eb.or([
          eb('last_heartbeat_at', '<', cutoff),
          eb.and([eb('last_heartbeat_at', 'is', null), eb('launched_at', '<', cutoff)]),
        ]),
      )
      .orderBy('launched_at')
      .limit(limit)
      .execute();
  }

  /** Sessions in `states` (with their exam's policy and duration), by id after `afterId`: the sweeper's walk. */
  async listOpenWithExam(states: readonly SessionState[], limit: number, afterId?: string): Promise<SessionWithExam[]> {
    let query = this.db
      .selectFrom('sessions')
      .innerJoin('exams', 'exams.id', 'sessions.exam_id')
      .selectAll('sessions')
      .select(['exams.policy', 'exams.duration_minutes'])
      .where('sessions.state', 'in', [...states]);
    if (afterId !== undefined) query = query.where('sessions.id', '>', afterId);
    return query.orderBy('sessions.id').limit(limit).execute();
  }

  /** Ended sessions whose incidents are still there, with their exam's policy to read the retention from. */
  async listEndedUnpurged(
    endedBefore: string,
    limit: number,
    after?: { endedAt: string; id: string },
  ): Promise<Array<SessionRow & { policy: string }>> {
    let query = this.db
      .selectFrom('sessions')
      .innerJoin('exams', 'exams.id', 'sessions.exam_id')
      .selectAll('sessions')
      .select('exams.policy')
      .where('sessions.ended_at', 'is not', null)
      .where('sessions.ended_at', '<', endedBefore)
      .where('sessions.incidents_purged_at', 'is', null);
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('sessions.ended_at', '>', after.endedAt),
          eb.and([eb('sessions.ended_at', '=', after.endedAt), eb('sessions.id', '>', after.id)]),
        ]),
      );
    }
    return query.orderBy('sessions.ended_at').orderBy('sessions.id').limit(limit).execute();
  }
}
