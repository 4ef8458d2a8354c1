import { scopeCovers, scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { shortVietnameseDate } from '../../platform/i18n/vietnamese-format.ts';
import { type Column, FormWriter } from '../dossiers-print/pdf-form.ts';
import * as repo from './documents.repository.ts';
import type { TRegisterQuery } from './documents.schema.ts';
import { placementOf } from './outgoing-engine.ts';

/**
 * The printed registers (NĐ 30/2020 Art. 16, 22 and the book forms of Annex IV): a system register must be printed
 * with every column of the book, signed for and bound. One landscape A4 table per register and period, in
 * Vietnamese, with the form fonts (Noto Serif embedded whole, so every diacritic renders).
 */

const t = (key: string, params?: Record<string, string | number>) => translate('vi', key, params);

const day = (value: string) => shortVietnameseDate(new Date(`${value}T12:00:00+07:00`));

/** The instants bounding the local days `from`…`to` (Lào Cai time). */
function bounds(query: TRegisterQuery): { start: Date; end: Date } {
  const end = new Date(`${query.to}T00:00:00+07:00`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { start: new Date(`${query.from}T00:00:00+07:00`), end };
}

async function agencyFor(ctx: ServiceContext, agencyId: string): Promise<repo.DocumentAgency> {
  const agency = await repo.findAgency(ctx.db, agencyId);
  if (!agency) throw new AppError('NOT_FOUND', { subject: 'agency' });
  if (!scopeCovers(scopeFor(ctx.actor, 'documents.register'), placementOf(agency))) throw new AppError('FORBIDDEN');
  return agency;
}

async function heading(writer: FormWriter, agency: repo.DocumentAgency, title: string, query: TRegisterQuery) {
  writer.paragraph(agency.name.toUpperCase(), { style: 'bold', size: 11, after: 10 });
  writer.paragraph(title, { style: 'bold', size: 15, align: 'center' });
  writer.paragraph(t('documents.register.period', { from: day(query.from), to: day(query.to) }), {
    style: 'italic',
    align: 'center',
    after: 10,
  });
}

export async function outgoingRegisterRows(db: Queryable, agencyId: string, query: TRegisterQuery) {
  const rows = await db
    .selectFrom('outgoing_documents as o')
    .innerJoin('document_types as ty', 'ty.code', 'o.type_code')
    .innerJoin('agencies as d', 'd.id', 'o.drafting_agency_id')
    .select([
      'o.id',
      'o.notation',
      'o.issued_on',
      'o.number',
      'o.number_year',
      'o.series',
      'ty.name as type_name',
      'o.subject',
      'o.signer_name',
      'o.archive_holder',
      'd.name as drafting_name',
      'o.copies',
      'o.released_at',
    ])
    .where('o.agency_id', '=', agencyId)
    .where('o.issued_on', '>=', query.from)
    .where('o.issued_on', '<=', query.to)
    .orderBy('o.issued_on')
    .orderBy('o.series')
    .orderBy('o.number')
    .execute();
  const recipients = rows.length
    ? await db
        .selectFrom('outgoing_recipients')
        .select(['document_id', 'name'])
        .where(
          'document_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('document_id')
        .orderBy('position')
        .execute()
    : [];
  return rows.map((r) => ({
    ...r,
    recipients: recipients.filter((x) => x.document_id === r.id).map((x) => x.name),
  }));
}

/** The outgoing register (Sổ đăng ký văn bản đi) of an agency for a period, by the date of the documents. */
export async function printOutgoingRegister(ctx: ServiceContext, query: TRegisterQuery): Promise<Uint8Array> {
  const agency = await agencyFor(ctx, query.agencyId);
  const rows = await outgoingRegisterRows(ctx.db, agency.id, query);
  const title = t('documents.register.outgoingTitle');
  const writer = await FormWriter.create({ title, subject: agency.name, baseSize: 10, landscape: true });
  await heading(writer, agency, title, query);
  const c = (key: string) => t(`documents.register.outgoingColumns.${key}`);
  const columns: Column[] = [
    // Widths (points, summing to the 714 of the landscape text column) keep the short headers on one line.
    { header: c('notation'), width: 62 },
    { header: c('date'), width: 60, align: 'center' },
    { header: c('subject'), width: 144 },
    { header: c('signer'), width: 62 },
    { header: c('recipients'), width: 100 },
    { header: c('archive'), width: 70 },
    { header: c('copies'), width: 66, align: 'center' },
    { header: c('handedOn'), width: 65, align: 'center' },
    { header: c('signature'), width: 44 },
    { header: c('remarks'), width: 41 },
  ];
  writer.table(
    columns,
    rows.map((r) => [
      r.notation ?? '',
      r.issued_on ? day(r.issued_on) : '',
      `${r.type_name} ${r.subject}`,
      r.signer_name ?? '',
      r.recipients.join('; '),
      r.archive_holder ?? r.drafting_name,
      String(r.copies),
      r.released_at ? shortVietnameseDate(r.released_at) : '',
      '',
      '',
    ]),
  );
  if (rows.length === 0) writer.paragraph(t('documents.register.empty'), { style: 'italic' });
  return writer.save();
}

export async function incomingRegisterRows(db: Queryable, agencyId: string, query: TRegisterQuery) {
  const { start, end } = bounds(query);
  return db
    .selectFrom('incoming_documents as i')
    .leftJoin('incoming_assignments as a', (join) =>
      join
        .onRef('a.document_id', '=', 'i.id')
        .onRef('a.assigned_seq', '=', 'i.assignment_seq')
        .on('a.role', '=', 'lead'),
    )
    .leftJoin('agencies as la', 'la.id', 'a.agency_id')
    .leftJoin('users as lu', 'lu.id', 'a.user_id')
    .select([
      'i.id',
      'i.registered_at',
      'i.incoming_number',
      'i.incoming_year',
      'i.sender_name',
      'i.notation',
      'i.issued_on',
      'i.type_name',
      'i.subject',
      'la.name as lead_agency',
      'lu.full_name as lead_user',
    ])
    .where('i.agency_id', '=', agencyId)
    .where('i.registered_at', '>=', start)
    .where('i.registered_at', '<', end)
    .orderBy('i.incoming_year')
    .orderBy('i.incoming_number')
    .execute();
}

/** The incoming register (Sổ đăng ký văn bản đến) of an agency for a period, by the day of registration. */
export async function printIncomingRegister(ctx: ServiceContext, query: TRegisterQuery): Promise<Uint8Array> {
  const agency = await agencyFor(ctx, query.agencyId);
  const rows = await incomingRegisterRows(ctx.db, agency.id, query);
  const title = t('documents.register.incomingTitle');
  const writer = await FormWriter.create({ title, subject: agency.name, baseSize: 10, landscape: true });
  await heading(writer, agency, title, query);
  const c = (key: string) => t(`documents.register.incomingColumns.${key}`);
  const columns: Column[] = [
    { header: c('arrivedOn'), width: 50, align: 'center' },
    { header: c('number'), width: 40, align: 'center' },
    { header: c('author'), width: 100 },
    { header: c('notation'), width: 75 },
    { header: c('date'), width: 58, align: 'center' },
    { header: c('subject'), width: 185 },
    { header: c('handler'), width: 110 },
    { header: c('signature'), width: 50 },
    { header: c('remarks'), width: 46 },
  ];
  writer.table(
    columns,
    rows.map((r) => [
      r.registered_at ? shortVietnameseDate(r.registered_at) : '',
      String(r.incoming_number ?? ''),
      r.sender_name,
      r.notation,
      day(r.issued_on),
      `${r.type_name} ${r.subject}`,
      [r.lead_user, r.lead_agency].filter(Boolean).join(', '),
      '',
      '',
    ]),
  );
  if (rows.length === 0) writer.paragraph(t('documents.register.empty'), { style: 'italic' });
  return writer.save();
}
