import type { Actor, RequestMeta } from './auth/actor.ts';
import type { Queryable } from './db/database.ts';

/**
 * What every service function receives first: who acts, the request facts for the audit trail, and the database
 * handle to use (the app's database, or an enclosing transaction such as an idempotent request's).
 */
export type ServiceContext = {
  actor: Actor;
  meta: RequestMeta;
  db: Queryable;
};
