import { readAll } from '../../platform/blobs/blob-store.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { decodeCursor, paginate } from '../../platform/http/pagination.ts';
import type { DossierStatus } from '../dossiers/dossier-model.ts';
import type { DossierDeps } from '../dossiers/dossiers.deps.ts';
import type { TDossierDetail } from '../dossiers/dossiers.schema.ts';
import { getDossier, isOverdue } from '../dossiers/read-dossiers.ts';
import { findParts } from '../procedures/procedures.repository.ts';
import type { KeyStore } from '../signing/key-store.ts';
import type { TVerificationReport } from '../signing/signing.schema.ts';
import { verifyPdf } from '../signing/verify.ts';
import * as repo from './applicant-dossiers.repository.ts';

/**
 * The applicant's own side of the one-stop engine: the list of their dossiers (newest first, with what each needs
 * from them) and one dossier with what its page needs beyond the engine's detail — the components a supplement may
 * answer, the online payments with their receipts, and who signed each result PDF. Only citizens and businesses
 * have this view; a dossier that is not theirs is NOT_FOUND, exactly as in the engine.
 */

export type ApplicantDeps = DossierDeps & { signingKeys: Pick<KeyStore, 'trustedCertificates'> };

/** What the applicant is asked to do on a dossier now. */
export type ApplicantTodo = 'pay' | 'supplement' | 'rate';

/** Dossiers closed without processing owe nothing (as the payments module decides). */
const NOTHING_DUE: readonly DossierStatus[] = ['refused', 'withdrawn'];

/** The applicant's to-do list for one dossier, from its status, unpaid fees and rating. */
export function todosOf(input: { status: DossierStatus; amountDue: number; rating: number | null }): ApplicantTodo[] {
  const todos: ApplicantTodo[] = [];
  if (input.amountDue > 0 && !NOTHING_DUE.includes(input.status)) todos.push('pay');
  if (input.status === 'supplement_requested') todos.push('supplement');
  if (input.status === 'returned' && input.rating === null) todos.push('rate');
  return todos;
}

type ApplicantActor = Extract<Actor, { kind: 'user' }>;

/** The signed-in citizen or business. @throws UNAUTHENTICATED, FORBIDDEN (staff: they work dossiers elsewhere) */
function requireApplicant(ctx: ServiceContext): ApplicantActor {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED');
  if (actor.userKind === 'staff') throw new AppError('FORBIDDEN');
  return actor;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

/**
 * The caller's own dossiers, newest first, a page at a time.
 * @throws UNAUTHENTICATED, FORBIDDEN (staff), VALIDATION_FAILED (a cursor we did not make)
 */
export async function listMyDossiers(
  ctx: ServiceContext,
  deps: Pick<DossierDeps, 'clock'>,
  query: { limit: number; cursor?: string | undefined },
) {
  const actor = requireApplicant(ctx);
  let after: { submittedAt: Date; id: string } | undefined;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 2);
    after = { submittedAt: new Date(String(at)), id: String(id) };
    if (Number.isNaN(after.submittedAt.getTime())) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
  }
  const now = deps.clock.now();
  const rows = await repo.listOwnDossiers(ctx.db, { userId: actor.userId, after, limit: query.limit });
  return paginate(
    rows,
    query.limit,
    (r) => [r.submitted_at.toISOString(), r.id],
    (r) => {
      const status = r.status as DossierStatus;
      return {
        id: r.id,
        code: r.code,
        status,
        procedureName: r.procedure_name,
        agencyName: r.receiving_agency_name,
        submittedAt: r.submitted_at.toISOString(),
        dueAt: iso(r.due_at),
        paused: r.paused_at !== null,
        overdue: isOverdue({ status, dueAt: r.due_at, pausedAt: r.paused_at }, now),
        amountDue: r.amount_due,
        todos: todosOf({ status, amountDue: r.amount_due, rating: r.rating }),
      };
    },
  );
}

export type ResultSignatures = {
  fileId: string;
  /** null: the file could not be read as a signed PDF; an empty list: a PDF without signatures. */
  signatures: TVerificationReport['signatures'] | null;
};

/** Who signed each result PDF, checked against the platform's trust list (images carry no signature). */
async function resultSignatures(deps: ApplicantDeps, detail: TDossierDetail): Promise<ResultSignatures[]> {
  const results = detail.files.filter((f) => f.kind === 'result' && f.contentType === 'application/pdf');
  if (results.length === 0) return [];
  const trusted = await deps.signingKeys.trustedCertificates();
  const reports: ResultSignatures[] = [];
  for (const file of results) {
    let signatures: ResultSignatures['signatures'] = null;
    try {
      signatures = (await verifyPdf(await readAll(await deps.blobs.get(file.sha256)), trusted)).signatures;
    } catch (error) {
      // An unsigned PDF is an answer ("not signed"), not a failure of the page.
      if (!isAppError(error)) throw error;
      signatures = error.code === 'NO_SIGNATURE' ? [] : null;
    }
    reports.push({ fileId: file.id, signatures });
  }
  return reports;
}

/**
 * One of the caller's dossiers as their page shows it: the engine's detail (officers' notes already hidden), the
 * components of its procedure version, its online payments and the signature reports of its result PDFs.
 * @throws UNAUTHENTICATED, FORBIDDEN (staff), NOT_FOUND (not the caller's)
 */
export async function getMyDossier(ctx: ServiceContext, deps: ApplicantDeps, id: string) {
  const actor = requireApplicant(ctx);
  const detail = await getDossier(ctx, deps, id);
  if (detail.applicant.userId !== actor.userId) {
    // The engine already answers NOT_FOUND for another applicant's dossier; this keeps the page's promise explicit.
    throw new AppError('NOT_FOUND', { subject: 'dossier' });
  }
  const [parts, payments, signatures] = await Promise.all([
    findParts(ctx.db, detail.procedure.id, detail.procedure.version),
    repo.listDossierPayments(ctx.db, id),
    resultSignatures(deps, detail),
  ]);
  const amountDue = detail.fees.filter((f) => f.paidAt === null).reduce((sum, f) => sum + f.amount, 0);
  return {
    dossier: detail,
    components: parts.components.map((c) => ({ code: c.code, name: c.name, required: c.is_required })),
    payments: payments.map((p) => ({
      id: p.id,
      status: p.status as 'pending' | 'paid' | 'failed' | 'expired',
      amount: p.amount,
      createdAt: p.created_at.toISOString(),
      paidAt: iso(p.paid_at),
      receiptNumber: p.receipt_number,
    })),
    amountDue,
    todos: todosOf({ status: detail.status, amountDue, rating: detail.rating }),
    resultSignatures: signatures,
  };
}

export type TMyDossier = Awaited<ReturnType<typeof getMyDossier>>;
export type TMyDossierPage = Awaited<ReturnType<typeof listMyDossiers>>;
