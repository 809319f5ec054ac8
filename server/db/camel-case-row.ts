/**
 * A row's snake_case columns as the camelCase fields the services use, typed column by column, so a
 * repository's mapper writes out only the columns that change type (JSON text, 0/1 flags).
 */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

export type CamelCased<Row> = {
  [Column in keyof Row as Column extends string ? CamelCase<Column> : Column]: Row[Column];
};

export function camelCaseRow<Row extends object>(row: Row): CamelCased<Row> {
  const fields: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    fields[column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  return fields as CamelCased<Row>;
}
