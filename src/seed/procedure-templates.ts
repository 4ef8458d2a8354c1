import type { BlobStore } from '../platform/blobs/blob-store.ts';
import type { Tx } from '../platform/db/database.ts';
import { DEMO_TEMPLATES } from '../modules/procedure-templates/demo-templates.ts';
import { TEMPLATE_TYPES } from '../modules/procedure-templates/template-files.ts';

/**
 * Gives the demo procedures the files behind the template names they use, where the demo has one (when no template
 * is stored yet, and only with a blob store to put the files in). Returns how many (procedure, file) pairs it stored.
 */
export async function seedProcedureTemplates(trx: Tx, blobs: BlobStore | undefined): Promise<number> {
  if (!blobs || (await trx.selectFrom('procedure_templates').select('file_name').limit(1).executeTakeFirst())) {
    return 0;
  }
  const names = Object.keys(DEMO_TEMPLATES);
  const uses = await trx
    .selectFrom('procedure_components')
    .select(['procedure_id', 'template_file'])
    .distinct()
    .where('template_file', 'in', names)
    .execute();
  let stored = 0;
  for (const [name, render] of Object.entries(DEMO_TEMPLATES)) {
    const procedures = uses.filter((u) => u.template_file === name).map((u) => u.procedure_id);
    if (procedures.length === 0) continue;
    const blob = await blobs.put(await render());
    await trx
      .insertInto('procedure_templates')
      .values(
        procedures.map((procedureId) => ({
          procedure_id: procedureId,
          file_name: name,
          content_type: TEMPLATE_TYPES.pdf,
          sha256: blob.sha256,
          size_bytes: blob.size,
          uploaded_by: null,
          uploaded_at: new Date(),
        })),
      )
      .execute();
    stored += procedures.length;
  }
  return stored;
}
