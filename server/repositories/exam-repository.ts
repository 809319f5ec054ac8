/** Exams belong to one account; every lookup is scoped by it. */
import type { Db, ExamRow } from '../db/schema';

export class ExamRepository {
  constructor(private readonly db: Db) {}

  async insert(exam: ExamRow): Promise<ExamRow> {
    return this.db.insertInto('exams').values(exam).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: string): Promise<ExamRow | undefined> {
    return this.db.selectFrom('exams').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findForAccount(accountId: number, id: string): Promise<ExamRow | undefined> {
    return this.ofAccount(accountId).where('id', '=', id).executeTakeFirst();
  }

  /** The first exam the account created with this title (the demo seed finds its exam by title). */
  async findByTitle(accountId: number, title: string): Promise<ExamRow | undefined> {
    return this.ofAccount(accountId).where('title', '=', title).orderBy('created_at').executeTakeFirst();
  }

  private ofAccount(accountId: number) {
    return this.db.selectFrom('exams').selectAll().where('account_id', '=', accountId);
  }

  async updateStartUrl(id: string, startUrl: string): Promise<ExamRow | undefined> {
    return this.db
      .updateTable('exams')
      .set({ start_url: startUrl })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }
}
