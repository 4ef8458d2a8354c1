import type { FastifyInstance } from 'fastify';
import { createSession } from '../../src/modules/people/sessions.ts';
import type { Queryable } from '../../src/platform/db/database.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../src/platform/http/request-context.ts';

export type SignedIn = { userId: string; headers: Record<string, string> };

/**
 * Opens a session for an existing account directly (no password round-trip) and returns the headers a browser
 * would send: the session and CSRF cookies and the CSRF header.
 */
export async function signInAs(app: FastifyInstance, db: Queryable, username: string): Promise<SignedIn> {
  const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const { token } = await createSession(db, { userId: user.id, mfaPending: false, ip: null, userAgent: 'test' });
  const browserId = `test-browser-${user.id}`;
  return {
    userId: user.id,
    headers: {
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${browserId}`,
      [CSRF_HEADER]: app.platform.csrf.tokenForBrowser(browserId),
    },
  };
}

/** Row counts of the given tables: compare before and after a refused request to prove nothing was written. */
export async function countRows(db: Queryable, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table as 'units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
