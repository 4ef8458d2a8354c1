import type { Updateable } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import { type Queryable, type Tx, inTransaction } from '../../platform/db/database.ts';
import type { OutgoingDocuments } from '../../platform/db/schema.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { approve, cancel, returnWithComments, review, submit } from './approve-document.ts';
import { nextOutgoingStatus } from './document-model.ts';
import type { PreparedDocumentFile } from './document-files.ts';
import type { DocumentDeps } from './documents.ports.ts';
import { outgoingRefusal } from './documents.policy.ts';
import type { TOutgoingActionBody, TOutgoingDetail } from './documents.schema.ts';
import { revise, revisionFiles } from './draft-document.ts';
import { numberDocument } from './number-document.ts';
import { type LoadedOutgoing, getOutgoing, loadVisibleOutgoing, recordOutgoing } from './outgoing-engine.ts';
import { release } from './release-document.ts';
import { sign, signMainFile } from './sign-document.ts';

/** What a use case of an existing outgoing document receives. */
export type HandlerInput<A extends TOutgoingActionBody['action']> = {
  trx: Tx;
  ctx: ServiceContext;
  deps: DocumentDeps;
  loaded: LoadedOutgoing;
  body: Extract<TOutgoingActionBody, { action: A }>;
  now: Date;
  /** Files the action brings, already checked (and, for signing, already signed). */
  files: readonly PreparedDocumentFile[];
};

/** What a use case decided: columns to change, details for the log, files, and writes that follow the entry. */
export type HandlerResult = {
  set?: Updateable<OutgoingDocuments>;
  data: Record<string, unknown>;
  files?: readonly PreparedDocumentFile[];
  /** Runs after the log entry is written (with its seq), in the same transaction: deliveries on release. */
  after?: (seq: number) => Promise<void>;
};

type Handler<A extends TOutgoingActionBody['action']> = (input: HandlerInput<A>) => Promise<HandlerResult>;

const HANDLERS: { [A in TOutgoingActionBody['action']]: Handler<A> } = {
  revise,
  submit,
  return: returnWithComments,
  review,
  approve,
  sign,
  number: numberDocument,
  release,
  cancel,
};

/**
 * Loads the document for an action and checks, in order: visible to the caller (else NOT_FOUND), still at the
 * version the caller saw (else CONFLICT), the action allowed in its status (else DOCUMENT_ACTION_NOT_ALLOWED) and
 * the caller's to take (else FORBIDDEN).
 */
async function loadForAction(
  ctx: ServiceContext,
  db: Queryable,
  id: string,
  body: TOutgoingActionBody,
  lock: boolean,
): Promise<LoadedOutgoing> {
  const loaded = await loadVisibleOutgoing(ctx, id, lock, db);
  if (loaded.row.version !== body.expectedVersion) {
    throw new AppError('CONFLICT', { reason: 'stale_version', currentVersion: loaded.row.version });
  }
  const refusal = outgoingRefusal(ctx.actor, body.action, loaded.facts);
  if (refusal) throw new AppError(refusal.code, refusal.details);
  return loaded;
}

/**
 * Takes one action on an outgoing document. Signing calls the signer outside the transaction (a signing service
 * may be slow or use the database itself), then re-checks everything under the row lock before recording; the
 * other actions run wholly in one transaction. A refusal writes nothing.
 * @returns the document as the caller now sees it
 */
export async function performOutgoingAction(
  ctx: ServiceContext,
  deps: DocumentDeps,
  id: string,
  body: TOutgoingActionBody,
): Promise<TOutgoingDetail> {
  let files: readonly PreparedDocumentFile[] = body.action === 'revise' ? revisionFiles(body) : [];
  if (body.action === 'sign') {
    const loaded = await loadForAction(ctx, ctx.db, id, body, false);
    files = [await signMainFile(ctx, deps, loaded)];
  }
  await inTransaction(ctx.db, async (trx) => {
    const loaded = await loadForAction(ctx, trx, id, body, true);
    const now = deps.clock.now();
    const to = nextOutgoingStatus(loaded.row.status, body.action);
    if (to === null) throw new Error('the policy let through an action the status does not allow');
    const handler = HANDLERS[body.action] as Handler<TOutgoingActionBody['action']>;
    const result = await handler({ trx, ctx, deps, loaded, body, now, files });
    const seq = await recordOutgoing(trx, ctx, deps, {
      documentId: id,
      unitId: loaded.row.unit_id,
      action: body.action,
      from: { status: loaded.row.status, version: loaded.row.version },
      to,
      now,
      note: body.note ?? null,
      data: result.data,
      ...(result.set ? { set: result.set } : {}),
      ...(result.files ? { files: result.files } : {}),
    });
    await result.after?.(seq);
  }).catch((error: unknown) => {
    // The unique constraints on number and notation are the last line of defence behind the counters.
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', { reason: 'number_taken' });
    throw error;
  });
  return getOutgoing(ctx, id);
}
