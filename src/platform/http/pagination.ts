import { z } from 'zod';
import { AppError } from '../errors.ts';

/** Query parameters of every list endpoint: a page size and an opaque cursor from the previous page. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** A page of results; `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Encodes the sort key of the last row of a page. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * Decodes a cursor into its sort-key values.
 * @throws AppError VALIDATION_FAILED when the cursor was not made by us or has the wrong shape.
 */
export function decodeCursor(cursor: string, arity: number): (string | number | null)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return values as (string | number | null)[];
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'query.cursor', message: 'invalid cursor' }] });
}

/**
 * Splits `limit + 1` fetched rows into a page and the cursor for the next one.
 * @param sortKey the values the query orders by, for the last row kept
 */
export function paginate<Row, Item>(
  rows: Row[],
  limit: number,
  sortKey: (row: Row) => (string | number | null)[],
  present: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(present), nextCursor: hasMore && last ? encodeCursor(sortKey(last)) : null };
}
