import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Tx } from './client.ts';

// Many rows into one table as one statement per chunk, read by the database from one JSON
// parameter (jsonb_to_recordset) rather than as a parameter per value: building a drizzle
// insert of thousands of rows costs more than the database's work on them, and a statement
// has at most 65,535 parameters.
//
// Rules decided here:
// - The columns are the keys of the first row, by their names in the schema; every row gives
//   the same keys (a column left out takes its default, so it must be left out of every row).
// - A value is stored as JSON gives it: text, numbers, booleans and null as such, arrays for
//   array columns, any JSON for jsonb columns, a Date as its ISO text.
// - Rows are stored in chunks of CHUNK, in their order; `returning` names the columns to give
//   back. The order of what comes back is not promised: match it by a unique column.

const CHUNK = 2000;

/** Stores `rows` in `table`; with `returning`, gives those columns of each row stored. */
export async function insertRecords<T extends PgTable, K extends keyof T['$inferSelect'] & string>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  returning: readonly K[] = [],
): Promise<Pick<T['$inferSelect'], K>[]> {
  const first = rows[0];
  if (first === undefined) return [];
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter(
    (k) => (first as Record<string, unknown>)[k] !== undefined,
  );
  const named = keys.map((key) => {
    const column = columns[key];
    if (column === undefined) throw new Error(`no column ${key}`);
    return { key, name: column.name, type: column.getSQLType() };
  });
  const backs = returning.map((key) => {
    const column = columns[key];
    if (column === undefined) throw new Error(`no column ${key}`);
    return { key, name: column.name };
  });
  const list = sql.join(
    named.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const types = sql.raw(named.map((c) => `"${c.name}" ${c.type}`).join(', '));
  const out: Pick<T['$inferSelect'], K>[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    // An ordinal keeps the rows in their order.
    const json = JSON.stringify(
      chunk.map((row, i) => {
        const record: Record<string, unknown> = { __n: i };
        for (const c of named) record[c.name] = (row as Record<string, unknown>)[c.key] ?? null;
        return record;
      }),
    );
    const back: SQL =
      backs.length === 0
        ? sql``
        : sql` returning ${sql.join(
            backs.map((b) => sql`${sql.identifier(b.name)} as ${sql.identifier(b.key)}`),
            sql`, `,
          )}`;
    const query = sql`insert into ${table} (${list})
      select ${list} from jsonb_to_recordset(${json}::jsonb) as x(__n integer, ${types})
      order by __n${back}`;
    const result = await queryRows<Pick<T['$inferSelect'], K>>(tx, query);
    out.push(...result);
  }
  return out;
}
