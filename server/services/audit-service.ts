/**
 * The audit log of staff actions: who, what, when, from where. Services call `record` themselves,
 * inside the transaction of the change they record (so no change commits without its entry, and
 * failures on routes without a session, like sign-in, are recorded the same way).
 */
import { randomBytes } from 'node:crypto';
import type { AuditAction, AuditEntry, AuditLogPage, AuditLogQuery } from '../../shared/api/console';
import type { AuditLogRow } from '../db/schema';
import { isoTime, type Clock } from '../lib/time';
import type { Repositories } from '../repositories/index';
import { camelCaseRow } from '../db/camel-case-row';

/** Where a staff action came from: the client address (as trustProxy resolves it) and user agent. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditRecord {
  accountId: number;
  staffUserId: string | null;
  action: AuditAction;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
  origin: RequestOrigin;
}

const MAX_USER_AGENT = 512;

export class AuditService {
  constructor(private readonly clock: Clock) {}

  async record(repositories: Pick<Repositories, 'auditLog'>, record: AuditRecord): Promise<void> {
    const at = isoTime(this.clock());
    await repositories.auditLog.insert({
      // Time first, so id order is time order and the id is the page cursor.
      id: `${at}~${randomBytes(8).toString('hex')}`,
      account_id: record.accountId,
      staff_user_id: record.staffUserId,
      action: record.action,
      target_type: record.target?.type ?? null,
      target_id: record.target?.id ?? null,
      details: JSON.stringify(record.details ?? {}),
      ip: record.origin.ip,
      user_agent: record.origin.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      at,
    });
  }

  async list(
    repositories: Pick<Repositories, 'auditLog'>,
    accountId: number,
    query: AuditLogQuery,
  ): Promise<AuditLogPage> {
    const rows = await repositories.auditLog.list({
      accountId,
      before: query.cursor,
      actor: query.actor,
      action: query.action,
      from: query.from && isoTime(new Date(query.from)),
      to: query.to && isoTime(new Date(query.to)),
      limit: query.limit,
    });
    return {
      entries: rows.map(toAuditEntry),
      nextCursor: rows.length === query.limit ? rows[rows.length - 1]!.id : null,
    };
  }
}

function toAuditEntry(row: AuditLogRow): AuditEntry {
  return { ...camelCaseRow(row), details: JSON.parse(row.details) as Record<string, unknown> };
}
