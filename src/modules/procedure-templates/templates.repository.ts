import type { Queryable } from '../../platform/db/database.ts';

/** All SQL of procedure templates. Takes the database or the caller's transaction. */

export type TemplateRow = {
  procedure_id: string;
  file_name: string;
  content_type: string;
  sha256: string;
  size_bytes: number;
  uploaded_at: Date;
};

const COLUMNS = ['procedure_id', 'file_name', 'content_type', 'sha256', 'size_bytes', 'uploaded_at'] as const;

/** The templates stored for a procedure, by name. */
export async function listTemplates(db: Queryable, procedureId: string): Promise<TemplateRow[]> {
  return db
    .selectFrom('procedure_templates')
    .select(COLUMNS)
    .where('procedure_id', '=', procedureId)
    .orderBy('file_name')
    .execute();
}

export async function findTemplate(
  db: Queryable,
  procedureId: string,
  fileName: string,
): Promise<TemplateRow | undefined> {
  return db
    .selectFrom('procedure_templates')
    .select(COLUMNS)
    .where('procedure_id', '=', procedureId)
    .where('file_name', '=', fileName)
    .executeTakeFirst();
}

/** The template names any version of the procedure uses (drafts included: a draft may name a new form). */
export async function namedTemplates(db: Queryable, procedureId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('procedure_components')
    .select('template_file')
    .distinct()
    .where('procedure_id', '=', procedureId)
    .where('template_file', 'is not', null)
    .execute();
  return rows.map((r) => r.template_file as string);
}

/** Stores the file behind a name, replacing an earlier upload. */
export async function upsertTemplate(db: Queryable, row: TemplateRow & { uploaded_by: string | null }): Promise<void> {
  await db
    .insertInto('procedure_templates')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['procedure_id', 'file_name']).doUpdateSet({
        content_type: row.content_type,
        sha256: row.sha256,
        size_bytes: row.size_bytes,
        uploaded_by: row.uploaded_by,
        uploaded_at: row.uploaded_at,
      }),
    )
    .execute();
}
