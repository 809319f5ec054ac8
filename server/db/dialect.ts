/** The two SQL engines the service runs on, and the few column types that differ between them. */
export type SqlEngine = 'sqlite' | 'postgres';

export interface ColumnTypes {
  /** Integer primary key the database numbers itself. */
  serial: 'integer' | 'serial';
  bytes: 'blob' | 'bytea';
  double: 'real' | 'double precision';
}

export function columnTypes(engine: SqlEngine): ColumnTypes {
  return engine === 'postgres'
    ? { serial: 'serial', bytes: 'bytea', double: 'double precision' }
    : { serial: 'integer', bytes: 'blob', double: 'real' };
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}
