import type { Readable } from 'node:stream';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { assertCanManageProcedures } from '../procedures/procedures.policy.ts';
import { loadProcedure } from '../procedures/procedures.service.ts';
import { MAX_TEMPLATE_BYTES, TEMPLATE_TYPES, extensionOf, sniffTemplate } from './template-files.ts';
import * as repo from './templates.repository.ts';
import type { TTemplate } from './templates.schema.ts';

/**
 * Form templates behind the names that procedure components use. Reading follows the procedure: anyone may download
 * the templates of a published procedure. Uploading needs procedures.manage over the procedure's province, and only
 * names that some version of the procedure uses are accepted, so no stray file can be published under a procedure.
 */

function toTemplate(row: repo.TemplateRow): TTemplate {
  return {
    fileName: row.file_name,
    contentType: row.content_type as TTemplate['contentType'],
    size: row.size_bytes,
    sha256: row.sha256,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}

/** The templates a procedure has files for. @throws NOT_FOUND */
export async function listTemplates(ctx: ServiceContext, procedureId: string): Promise<TTemplate[]> {
  await loadProcedure(ctx, procedureId);
  return (await repo.listTemplates(ctx.db, procedureId)).map(toTemplate);
}

/** One template's facts and its bytes. @throws NOT_FOUND */
export async function openTemplate(
  ctx: ServiceContext,
  blobs: BlobStore,
  procedureId: string,
  fileName: string,
): Promise<{ template: TTemplate; stream: Readable }> {
  await loadProcedure(ctx, procedureId);
  const row = await repo.findTemplate(ctx.db, procedureId, fileName);
  if (!row) {
    throw new AppError('NOT_FOUND', { subject: 'template' });
  }
  return { template: toTemplate(row), stream: await blobs.get(row.sha256) };
}

/**
 * Stores (or replaces) the file behind a template name.
 * @throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (name not used by the procedure, empty, too large, content not
 *   matching the name's extension)
 */
export async function uploadTemplate(
  ctx: ServiceContext,
  blobs: BlobStore,
  input: { procedureId: string; fileName: string; bytes: Uint8Array },
): Promise<TTemplate> {
  const { unit } = await loadProcedure(ctx, input.procedureId);
  assertCanManageProcedures(ctx.actor, unit.ancestor_ids);
  const problem = await templateProblem(ctx, input);
  if (problem) {
    throw new AppError('VALIDATION_FAILED', { issues: [problem] });
  }
  const extension = extensionOf(input.fileName) as keyof typeof TEMPLATE_TYPES;
  // The blob is written before the row: a crash in between leaves an unreferenced blob, never a row without bytes.
  const blob = await blobs.put(input.bytes);
  const row = {
    procedure_id: input.procedureId,
    file_name: input.fileName,
    content_type: TEMPLATE_TYPES[extension],
    sha256: blob.sha256,
    size_bytes: blob.size,
    uploaded_at: new Date(),
  };
  await inTransaction(ctx.db, async (trx) => {
    await repo.upsertTemplate(trx, { ...row, uploaded_by: ctx.actor.kind === 'user' ? ctx.actor.userId : null });
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'procedure.template_upload',
      subjectType: 'procedure',
      subjectId: input.procedureId,
      unitId: unit.id,
      data: { fileName: input.fileName, sha256: blob.sha256, size: blob.size },
    });
  });
  return toTemplate(row);
}

async function templateProblem(
  ctx: ServiceContext,
  input: { procedureId: string; fileName: string; bytes: Uint8Array },
): Promise<{ path: string; message: string } | null> {
  const extension = extensionOf(input.fileName);
  if (!extension) {
    return { path: 'fileName', message: 'a lower-case name ending in .pdf, .docx or .odt' };
  }
  if (!(await repo.namedTemplates(ctx.db, input.procedureId)).includes(input.fileName)) {
    return { path: 'fileName', message: 'no version of the procedure names this template' };
  }
  if (input.bytes.byteLength === 0) {
    return { path: 'body', message: 'the file is empty' };
  }
  if (input.bytes.byteLength > MAX_TEMPLATE_BYTES) {
    return { path: 'body', message: `larger than ${MAX_TEMPLATE_BYTES} bytes` };
  }
  const sniffed = sniffTemplate(input.bytes);
  if (sniffed !== extension) {
    return {
      path: 'body',
      message: sniffed
        ? `the bytes are a ${sniffed} file, not ${extension}`
        : 'the bytes are not a PDF, DOCX or ODT file',
    };
  }
  return null;
}
