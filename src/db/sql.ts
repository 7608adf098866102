/**
 * SQL fragment helpers.
 *
 * drizzle writes a column as a bare `"id"` inside `sql\`…\`` select fields of a single-table query.
 * Inside a correlated subquery a bare name binds to the innermost table that has it, so
 * `(select count(*) from images where landing_id = "id")` compares with the image's own id and
 * counts every partner's rows. `outer()` always writes `"table"."column"`: use it for every
 * reference to the outer query's row (src/architecture.test.ts enforces it).
 */
import { type Column, getTableName, type SQL, sql } from "drizzle-orm";

export function outer(column: Column): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
