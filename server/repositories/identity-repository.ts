/** The candidate's reference photo, face embeddings and every identity check with both results. */
import type { Db, IdentityCheckRow, SessionFacesRow } from '../db/schema';

export class IdentityRepository {
  constructor(private readonly db: Db) {}

  async findFaces(sessionId: string): Promise<SessionFacesRow | undefined> {
    return this.db.selectFrom('session_faces').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  }

  async saveReferencePhoto(sessionId: string, photo: Uint8Array, now: string): Promise<void> {
    await this.db
      .insertInto('session_faces')
      .values({
        session_id: sessionId,
        reference_photo: photo,
        reference_embedding: null,
        enrolment_embedding: null,
        enrolled_at: null,
        updated_at: now,
      })
      .onConflict((conflict) =>
        conflict
          .column('session_id')
          .doUpdateSet({ reference_photo: photo, reference_embedding: null, updated_at: now }),
      )
      .execute();
  }

  async saveReferenceEmbedding(sessionId: string, embedding: number[], now: string): Promise<void> {
    await this.db
      .updateTable('session_faces')
      .set({ reference_embedding: JSON.stringify(embedding), updated_at: now })
      .where('session_id', '=', sessionId)
      .execute();
  }

  /** Stores the enrolment unless the session has one: false when it had (an enrolment is never replaced). */
  async saveEnrolmentOnce(sessionId: string, embedding: number[], now: string): Promise<boolean> {
    const value = JSON.stringify(embedding);
    const result = await this.db
      .insertInto('session_faces')
      .values({
        session_id: sessionId,
        reference_photo: null,
        reference_embedding: null,
        enrolment_embedding: value,
        enrolled_at: now,
        updated_at: now,
      })
      .onConflict((conflict) =>
        conflict
          .column('session_id')
          .doUpdateSet({ enrolment_embedding: value, enrolled_at: now, updated_at: now })
          .where('session_faces.enrolment_embedding', 'is', null),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async insertCheck(check: IdentityCheckRow): Promise<void> {
    await this.db.insertInto('identity_checks').values(check).execute();
  }

  async listChecks(sessionId: string): Promise<IdentityCheckRow[]> {
    return this.db
      .selectFrom('identity_checks')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .execute();
  }

  /** Biometric data goes with the session's purge. */
  async deleteForSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('identity_checks').where('session_id', '=', sessionId).execute();
    await this.db.deleteFrom('session_faces').where('session_id', '=', sessionId).execute();
  }
}
