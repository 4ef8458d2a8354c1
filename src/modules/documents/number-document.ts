import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { vietnamParts } from '../../platform/i18n/vietnamese-format.ts';
import { formatNotation, seriesFor } from './document-model.ts';
import * as repo from './documents.repository.ts';
import type { HandlerInput, HandlerResult } from './outgoing-actions.ts';
import type { LoadedOutgoing } from './outgoing-engine.ts';

/**
 * Numbering (NĐ 30/2020 Art. 15): numbers run from 01 on 1 January to 31 December in each series of the issuing
 * agency's register; the business year and the date of the document are those of Asia/Ho_Chi_Minh on the platform
 * clock. Paper documents are numbered by the văn thư after signature; electronic ones by the system at release.
 */

/** The local calendar day of an instant, YYYY-MM-DD. */
export function businessDay(at: Date): string {
  const p = vietnamParts(at);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Gives the document its number, notation and date from the register, in the caller's transaction. */
export async function giveNumber(
  trx: Queryable,
  loaded: LoadedOutgoing,
  now: Date,
): Promise<{ set: Record<string, unknown>; data: Record<string, unknown> }> {
  const { row, issuer, drafting } = loaded;
  if (!issuer.abbreviation) throw new AppError('DOCUMENT_SETUP_INCOMPLETE', { reason: 'issuer_abbreviation' });
  if (row.type_abbreviation === null && !drafting.abbreviation) {
    throw new AppError('DOCUMENT_SETUP_INCOMPLETE', { reason: 'drafting_abbreviation' });
  }
  const year = vietnamParts(now).year;
  const series = seriesFor({
    typeCode: row.type_code,
    typeSeries: row.type_series,
    isLegalNormative: row.is_legal_normative,
    confidentiality: row.confidentiality,
  });
  const number = await repo.allocateNumber(trx, { agencyId: row.agency_id, year, series });
  const notation = formatNotation({
    number,
    year,
    typeAbbreviation: row.type_abbreviation,
    issuerAbbreviation: issuer.abbreviation,
    draftingAbbreviation: drafting.abbreviation ?? '',
    isLegalNormative: row.is_legal_normative,
  });
  const issuedOn = businessDay(now);
  return {
    set: { series, number, number_year: year, notation, issued_on: issuedOn },
    data: { series, number, year, notation, issuedOn },
  };
}

export async function numberDocument({ trx, loaded, now }: HandlerInput<'number'>): Promise<HandlerResult> {
  return giveNumber(trx, loaded, now);
}
