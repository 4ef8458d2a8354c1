import type { Updateable } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import { type Queryable, type Tx, inTransaction } from '../../platform/db/database.ts';
import type { IncomingDocuments } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { assign, complete, recordProgress } from './assign-handling.ts';
import { nextIncomingStatus } from './document-model.ts';
import type { DocumentDeps } from './documents.ports.ts';
import { incomingRefusal } from './documents.policy.ts';
import type { TIncomingActionBody, TIncomingDetail } from './documents.schema.ts';
import { type LoadedIncoming, getIncoming, loadVisibleIncoming, recordIncoming } from './incoming-engine.ts';
import { present, refuse, register } from './register-incoming.ts';

/** What a use case of an existing incoming document receives. */
export type IncomingHandlerInput<A extends TIncomingActionBody['action']> = {
  trx: Tx;
  ctx: ServiceContext;
  deps: DocumentDeps;
  loaded: LoadedIncoming;
  body: Extract<TIncomingActionBody, { action: A }>;
  now: Date;
};

/** What a use case decided: columns to change, details for the log, and writes that follow the entry. */
export type IncomingHandlerResult = {
  set?: Updateable<IncomingDocuments>;
  data: Record<string, unknown>;
  after?: (seq: number) => Promise<void>;
};

type Handler<A extends TIncomingActionBody['action']> = (
  input: IncomingHandlerInput<A>,
) => Promise<IncomingHandlerResult>;

const HANDLERS: { [A in TIncomingActionBody['action']]: Handler<A> } = {
  register,
  refuse,
  present,
  assign,
  record_progress: recordProgress,
  complete,
};

async function loadForAction(
  ctx: ServiceContext,
  db: Queryable,
  id: string,
  body: TIncomingActionBody,
): Promise<LoadedIncoming> {
  const loaded = await loadVisibleIncoming(ctx, id, true, db);
  if (loaded.row.version !== body.expectedVersion) {
    throw new AppError('CONFLICT', { reason: 'stale_version', currentVersion: loaded.row.version });
  }
  const refusal = incomingRefusal(ctx.actor, body.action, loaded.facts);
  if (refusal) throw new AppError(refusal.code, refusal.details);
  return loaded;
}

/**
 * Takes one action on an incoming document, checking in order: visible (else NOT_FOUND), at the version the
 * caller saw (else CONFLICT), allowed in its status (else DOCUMENT_ACTION_NOT_ALLOWED), the caller's to take (else
 * FORBIDDEN); then records it in one transaction. A refusal writes nothing.
 * @returns the document as the caller now sees it
 */
export async function performIncomingAction(
  ctx: ServiceContext,
  deps: DocumentDeps,
  id: string,
  body: TIncomingActionBody,
): Promise<TIncomingDetail> {
  await inTransaction(ctx.db, async (trx) => {
    const loaded = await loadForAction(ctx, trx, id, body);
    const now = deps.clock.now();
    const to = nextIncomingStatus(loaded.row.status, body.action);
    if (to === null) throw new Error('the policy let through an action the status does not allow');
    const handler = HANDLERS[body.action] as Handler<TIncomingActionBody['action']>;
    const result = await handler({ trx, ctx, deps, loaded, body, now });
    const seq = await recordIncoming(trx, ctx, deps, {
      documentId: id,
      unitId: loaded.row.unit_id,
      action: body.action,
      from: { status: loaded.row.status, version: loaded.row.version },
      to,
      now,
      note: body.note ?? null,
      data: result.data,
      ...(result.set ? { set: result.set } : {}),
    });
    await result.after?.(seq);
  });
  return getIncoming(ctx, id);
}
