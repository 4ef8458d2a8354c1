import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { ServiceContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';

export type IdempotentResult<T, S extends number> = { status: S; body: T; replayed: boolean };

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/**
 * Runs a creating request at most once per Idempotency-Key. The key, the request's hash and the answer are
 * written in the same transaction as the change itself, so after a crash either both exist or neither does, and
 * a retry gets the first answer instead of a second creation. A key re-used with another body is refused.
 * Without the header the request simply runs.
 */
export async function runIdempotent<T, S extends number>(
  request: FastifyRequest,
  database: Database,
  successStatus: S,
  work: (ctx: ServiceContext) => Promise<T>,
): Promise<IdempotentResult<T, S>> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    return { status: successStatus, body: await work(request.serviceContext()), replayed: false };
  }
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'headers.idempotency-key', message: 'must be 8–200 visible ASCII characters' }],
    });
  }
  const actor = request.actor;
  const principal = actor.kind === 'user' ? `user:${actor.userId}` : 'anonymous';
  const route = request.routeOptions.url ?? request.url;
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');

  return database.db.transaction().execute(async (trx) => {
    const claimed = await sql`INSERT INTO idempotency_keys (key, principal, method, route, request_hash, status_code)
      VALUES (${header}, ${principal}, ${request.method}, ${route}, ${requestHash}, 0)
      ON CONFLICT (principal, key) DO NOTHING RETURNING key`.execute(trx);
    if (claimed.rows.length === 0) {
      // Another request with this key committed first (PostgreSQL waited for it): answer as it did.
      const previous = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response_body'])
        .where('principal', '=', principal)
        .where('key', '=', header)
        .executeTakeFirstOrThrow();
      if (previous.request_hash !== requestHash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED');
      }
      return { status: previous.status_code as S, body: previous.response_body as T, replayed: true };
    }
    const body = await work({ ...request.serviceContext(), db: trx });
    await trx
      .updateTable('idempotency_keys')
      .set({ status_code: successStatus, response_body: JSON.stringify(body ?? null) })
      .where('principal', '=', principal)
      .where('key', '=', header)
      .execute();
    return { status: successStatus, body, replayed: false };
  });
}

/** Deletes keys older than the retention window; run by a scheduled job. */
export async function purgeIdempotencyKeys(database: Database, olderThanHours = 24): Promise<number> {
  const result = await database.db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
