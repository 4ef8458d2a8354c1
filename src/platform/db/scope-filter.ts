import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from '../auth/scope.ts';

/**
 * A SQL condition that keeps rows whose unit (and, where given, agency) lies inside `scope`, so lists are filtered
 * by the caller's units in the database rather than after the fact.
 * @param unitColumn a reference such as `users.home_unit_id`
 * @param agencyColumn the row's agency column, when the table has one
 */
export function inScope(scope: Scope, unitColumn: string, agencyColumn?: string): Expression<SqlBool> {
  if (scope.everywhere) {
    return sql<SqlBool>`true`;
  }
  const unit = sql.ref(unitColumn);
  const conditions = [
    sql<SqlBool>`${unit} IN (SELECT scope_unit.id FROM units AS scope_unit
      WHERE scope_unit.ancestor_ids && ${toUuidArray(scope.subtreeUnitIds)})`,
    sql<SqlBool>`${unit} = ANY(${toUuidArray(scope.unitIds)})`,
  ];
  if (agencyColumn) {
    conditions.push(sql<SqlBool>`${sql.ref(agencyColumn)} = ANY(${toUuidArray(scope.agencyIds)})`);
  }
  return sql<SqlBool>`(${sql.join(conditions, sql` OR `)})`;
}

/** A uuid[] parameter; node-postgres sends a JS array as a PostgreSQL array literal. */
export function toUuidArray(ids: readonly string[]) {
  return sql`${[...ids]}::uuid[]`;
}
