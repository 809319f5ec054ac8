/** Incidents of a session. A client's incident is unique by (session, clientId): a re-send is ignored. */
import { sql } from 'kysely';
import type { IncidentTypeCounts } from '../../shared/auth-score';
import type { IncidentType, Severity } from '../../shared/incidents';
import type { Db, IncidentRow } from '../db/schema';

export type SeverityCounts = Record<Severity, number>;

export interface TypeSeverityCount {
  type: IncidentType;
  severity: Severity;
  count: number;
}

export class IncidentRepository {
  constructor(private readonly db: Db) {}

  /** The stored row, or undefined when a client incident with this clientId already exists. */
  async insert(incident: IncidentRow): Promise<IncidentRow | undefined> {
    return this.db
      .insertInto('incidents')
      .values(incident)
      .onConflict((conflict) => conflict.columns(['session_id', 'client_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async listForSession(sessionId: string): Promise<IncidentRow[]> {
    return this.db
      .selectFrom('incidents')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('occurred_at')
      .orderBy('recorded_at')
      .execute();
  }

  async countBySeverity(sessionId: string): Promise<SeverityCounts> {
    const rows = await this.db
      .selectFrom('incidents')
      .select(['severity', sql<string | number>`count(*)`.as('count')])
      .where('session_id', '=', sessionId)
      .groupBy('severity')
      .execute();
    const counts: SeverityCounts = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const row of rows) {
      if (row.severity in counts) counts[row.severity] = Number(row.count);
    }
    return counts;
  }

  /** How many incidents of each of `types` the session has. */
  async countByType(sessionId: string, types: readonly IncidentType[]): Promise<IncidentTypeCounts> {
    const counts: IncidentTypeCounts = {};
    for (const row of await this.countByTypeAndSeverity(sessionId, types)) {
      counts[row.type] = (counts[row.type] ?? 0) + row.count;
    }
    return counts;
  }

  async countByTypeAndSeverity(sessionId: string, types: readonly IncidentType[]): Promise<TypeSeverityCount[]> {
    if (types.length === 0) return [];
    const rows = await this.db
      .selectFrom('incidents')
      .select(['type', 'severity', sql<string | number>`count(*)`.as('count')])
      .where('session_id', '=', sessionId)
      .where('type', 'in', [...types])
      .groupBy(['type', 'severity'])
      .execute();
    return rows.map((row) => ({
      type: row.type,
      severity: row.severity,
      count: Number(row.count),
    }));
  }

  /** The session's most recently recorded incidents of these types, newest first. */
  async listLatestOfTypes(sessionId: string, types: readonly IncidentType[], limit: number): Promise<IncidentRow[]> {
    return this.db
      .selectFrom('incidents')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('type', 'in', [...types])
      .orderBy('recorded_at', 'desc')
      .orderBy('occurred_at', 'desc')
      .limit(limit)
      .execute();
  }

  async deleteForSession(sessionId: string): Promise<number> {
    const deleted = await this.db.deleteFrom('incidents').where('session_id', '=', sessionId).returning('id').execute();
    return deleted.length;
  }
}
