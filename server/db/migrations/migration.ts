/** A schema migration; `engine` lets one file cover SQLite and PostgreSQL where their DDL differs. */
import type { Kysely } from 'kysely';
import type { SqlEngine } from '../dialect';

export interface VigilMigration {
  /** `NNNN-name`, sorted by Kysely's migrator in this order. */
  name: string;
  up(db: Kysely<unknown>, engine: SqlEngine): Promise<void>;
}
