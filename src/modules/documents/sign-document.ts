import { createHash } from 'node:crypto';
import { readAll } from '../../platform/blobs/blob-store.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { sniffContentType } from '../dossiers/files.ts';
import type { PreparedDocumentFile } from './document-files.ts';
import type { DocumentDeps } from './documents.ports.ts';
import * as repo from './documents.repository.ts';
import type { HandlerInput, HandlerResult } from './outgoing-actions.ts';
import type { LoadedOutgoing } from './outgoing-engine.ts';

/**
 * Signing (NĐ 30/2020 Art. 13(7)): the leader signs the main text digitally through the DocumentSigner port (PAdES,
 * by the signing module). The signed PDF is stored beside the draft as the document's `signed` file; the draft
 * stays in the record.
 */

/** Who signs: the signed-in leader, or for the platform itself the leader named on the document. */
function signerOf(ctx: ServiceContext, loaded: LoadedOutgoing): string {
  if (ctx.actor.kind === 'user') return ctx.actor.userId;
  if (loaded.row.intended_signer_id) return loaded.row.intended_signer_id;
  throw new AppError('FORBIDDEN', { reason: 'no_signer' });
}

/**
 * Signs the current main text. Runs before the action's transaction; the caller re-checks the document's version
 * under its lock before recording the result, so a signature over a text that changed meanwhile is never kept.
 * @throws AppError SERVICE_UNAVAILABLE when no signer is wired
 */
export async function signMainFile(
  ctx: ServiceContext,
  deps: DocumentDeps,
  loaded: LoadedOutgoing,
): Promise<PreparedDocumentFile> {
  const signer = deps.documentSigner;
  if (!signer) throw new AppError('SERVICE_UNAVAILABLE', { port: 'documentSigner' });
  const files = await repo.listFiles(ctx.db, { outgoingDocumentId: loaded.row.id });
  const main = files.filter((f) => f.kind === 'main').at(-1);
  if (!main) throw new Error(`outgoing document ${loaded.row.id} has no main file`);
  const pdf = await readAll(await deps.blobs.get(main.sha256));
  const signed = Buffer.from(
    await signer.signMainFile(new Uint8Array(pdf), {
      signerUserId: signerOf(ctx, loaded),
      agencyId: loaded.row.agency_id,
    }),
  );
  if (sniffContentType(signed) !== 'application/pdf') {
    throw new Error('the document signer returned something that is not a PDF');
  }
  return {
    kind: 'signed',
    componentCode: null,
    filename: main.filename.replace(/(\.pdf)?$/i, '.signed.pdf'),
    contentType: 'application/pdf',
    bytes: signed,
    sha256: createHash('sha256').update(signed).digest('hex'),
  };
}

export async function sign({ trx, ctx, loaded, now, files }: HandlerInput<'sign'>): Promise<HandlerResult> {
  const signerId = signerOf(ctx, loaded);
  const signer = await repo.findStaff(trx, signerId);
  return {
    set: { signer_id: signerId, signer_name: signer?.full_name ?? null, signed_at: now },
    data: { signedSha256: files[0]?.sha256 ?? null },
    files,
  };
}
