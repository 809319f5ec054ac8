/** The audit log: append and read newest first, a page at a time. */
import type { AuditAction } from '../../shared/api/console';
import type { AuditLogRow, Db } from '../db/schema';

export interface AuditLogFilter {
  accountId: number;
  /** Entries older than this id (the previous page's last). */
  before?: string | undefined;
  actor?: string | undefined;
  action?: AuditAction | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

export class AuditLogRepository {
  constructor(private readonly db: Db) {}

  async insert(entry: AuditLogRow): Promise<void> {
    await this.db.insertInto('audit_log').values(entry).execute();
  }

  async list(filter: AuditLogFilter): Promise<AuditLogRow[]> {
    let query = this.db.selectFrom('audit_log').selectAll().where('account_id', '=', filter.accountId);
    if (filter.before !== undefined) query = query.where('id', '<', filter.before);
    if (filter.actor !== undefined) query = query.where('staff_user_id', '=', filter.actor);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', filter.to);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  }
}
