import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { formatNotation } from './document-model.ts';
import { headersFor } from '../dossiers/dossiers.fixtures.ts';
import { documentsWorld, draftBody, ok, problem } from './documents.fixtures.ts';
import { allocateNumber } from './documents.repository.ts';
import type { TOutgoingDetail } from './documents.schema.ts';

/**
 * Numbering per NĐ 30/2020 Art. 15: from 01 each business year (Lào Cai time, on the platform clock), per series of
 * the issuing agency's register, unique within the year, never handed out twice under concurrency.
 */
describe('document numbers', () => {
  const clock = manualClock('2026-12-31T09:00:00+07:00');
  let world: Awaited<ReturnType<typeof documentsWorld>>;

  beforeAll(async () => {
    world = await documentsWorld(clock);
  });
  afterAll(() => world.t.close());

  const release = (overrides: Record<string, unknown> = {}) =>
    world.api.toReleased(world.people, draftBody(world.agencies, overrides));

  it('writes notations the way Annex I does', () => {
    const base = { year: 2026, issuerAbbreviation: 'UBND', draftingAbbreviation: 'VP', isLegalNormative: false };
    expect(formatNotation({ ...base, number: 7, typeAbbreviation: 'QĐ' })).toBe('07/QĐ-UBND');
    expect(formatNotation({ ...base, number: 123, typeAbbreviation: null })).toBe('123/UBND-VP');
    expect(formatNotation({ ...base, number: 3, typeAbbreviation: 'QĐ', isLegalNormative: true })).toBe(
      '03/2026/QĐ-UBND',
    );
  });

  it('numbers legal-normative documents per type apart from the common series', async () => {
    const normative = await release({ typeCode: 'quyet-dinh', isLegalNormative: true, subject: 'Quy định phân cấp' });
    const letter = await release({ typeCode: 'cong-van' });
    const decision = await release({ typeCode: 'quyet-dinh', subject: 'Quyết định cá biệt' });
    expect([normative.notation, letter.notation, decision.notation]).toEqual([
      '01/2026/QĐ-UBND',
      '01/UBND-VP',
      '02/QĐ-UBND',
    ]);
  });

  it('gives a type its own series when configured so (series are data)', async () => {
    await world.t.database.db
      .updateTable('document_types')
      .set({ series: 'quyet-dinh' })
      .where('code', '=', 'quyet-dinh')
      .execute();
    const decision = await release({ typeCode: 'quyet-dinh', subject: 'Quyết định khen thưởng' });
    const letter = await release({ typeCode: 'cong-van', subject: 'Công văn đôn đốc' });
    expect([decision.notation, letter.notation]).toEqual(['01/QĐ-UBND', '03/UBND-VP']);
  });

  it('numbers a paper document after signature, then releases it with that number', async () => {
    const signed = await world.api.toSigned(world.people, draftBody(world.agencies, { subject: 'Bản giấy' }));
    const numbered = ok<TOutgoingDetail>(
      await world.api.act(world.people.clerk.headers, signed.id, { action: 'number', expectedVersion: signed.version }),
    );
    expect(numbered).toMatchObject({ status: 'numbered', notation: '04/UBND-VP' });
    const released = ok<TOutgoingDetail>(
      await world.api.act(world.people.clerk.headers, signed.id, {
        action: 'release',
        expectedVersion: numbered.version,
      }),
    );
    expect(released).toMatchObject({ status: 'released', notation: '04/UBND-VP' });
  });

  it('restarts from 01 on 1 January in Lào Cai time', async () => {
    // 23:30 on 31 December in Lào Cai is still 2026 (16:30 UTC).
    clock.set('2026-12-31T23:30:00+07:00');
    expect((await release()).notation).toBe('05/UBND-VP');
    // 00:30 on 1 January in Lào Cai is already 2027, though UTC still says 31 December.
    clock.set('2027-01-01T00:30:00+07:00');
    const first = await release();
    expect(first).toMatchObject({ notation: '01/UBND-VP', numberYear: 2027, issuedOn: '2027-01-01' });
    expect((await release({ typeCode: 'quyet-dinh', isLegalNormative: true })).notation).toBe('01/2027/QĐ-UBND');
  });

  it('hands out 1..20 to 20 concurrent allocations, without duplicates', async () => {
    const db = world.t.database.db;
    const key = { agencyId: world.agencies.justice.id, year: 2027, series: 'common' };
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () => db.transaction().execute((trx) => allocateNumber(trx, key))),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const counter = await db
      .selectFrom('document_number_counters')
      .select('last_value')
      .where('agency_id', '=', key.agencyId)
      .where('year', '=', 2027)
      .where('series', '=', 'common')
      .executeTakeFirstOrThrow();
    expect(counter.last_value).toBe(20);
  });

  it('numbers 20 documents released at the same moment 01..20, each once', async () => {
    clock.set('2029-03-01T09:00:00+07:00');
    const signed: TOutgoingDetail[] = [];
    for (let i = 0; i < 20; i++) {
      signed.push(await world.api.toSigned(world.people, draftBody(world.agencies, { subject: `Công văn số ${i}` })));
    }
    const released = await Promise.all(
      signed.map(async (doc) =>
        ok<TOutgoingDetail>(
          await world.api.act(world.people.clerk.headers, doc.id, { action: 'release', expectedVersion: doc.version }),
        ),
      ),
    );
    const numbers = released.map((d) => d.number ?? 0).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(released.map((d) => d.notation)).size).toBe(20);
  });

  it('gives the number back when the release rolls back', async () => {
    const db = world.t.database.db;
    const key = { agencyId: world.agencies.justice.id, year: 2027, series: 'common' };
    await db
      .transaction()
      .execute(async (trx) => {
        expect(await allocateNumber(trx, key)).toBe(21);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await db.transaction().execute((trx) => allocateNumber(trx, key))).toBe(21);
  });

  it('refuses a number already taken this year (the unique constraint behind the counter) and writes nothing', async () => {
    const db = world.t.database.db;
    // Someone reset the counter by hand: the next allocation would re-issue 01/UBND-VP of 2027.
    clock.set('2027-01-04T09:00:00+07:00');
    await db
      .deleteFrom('document_number_counters')
      .where('agency_id', '=', world.agencies.ubnd.id)
      .where('year', '=', 2027)
      .where('series', '=', 'common')
      .execute();
    const signed = await world.api.toSigned(world.people, draftBody(world.agencies));
    const tables = [
      'outgoing_documents',
      'outgoing_document_actions',
      'incoming_documents',
      'document_number_counters',
    ];
    const before = await countRows(db, tables);
    problem(
      await world.api.act(world.people.clerk.headers, signed.id, {
        action: 'release',
        expectedVersion: signed.version,
      }),
      409,
      'CONFLICT',
    );
    expect(await countRows(db, tables)).toEqual(before);
    const still = ok<TOutgoingDetail>(await world.api.get(world.people.clerk.headers, `/outgoing/${signed.id}`));
    expect(still).toMatchObject({ status: 'signed', notation: null });
  });

  it('takes abbreviations from the agency settings administrators keep', async () => {
    const { t, api, people, agencies } = world;
    const db = t.database.db;
    const admin = await db.selectFrom('users').select('id').where('username', '=', 'quantri').executeTakeFirstOrThrow();
    const adminHeaders = await headersFor(t.app, db, admin.id);
    const put = (headers: Record<string, string>, agencyId: string, body: object) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/documents/agency-settings/${agencyId}`, headers, payload: body });
    const tables = ['document_agency_settings', 'audit_log'];
    const before = await countRows(db, tables);
    problem(await put(people.clerk.headers, agencies.office.id, { abbreviation: 'VPUB' }), 403, 'FORBIDDEN');
    problem(
      await put(adminHeaders, agencies.office.id, { abbreviation: 'VP-UB', internalOfAgencyId: agencies.ubnd.id }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await countRows(db, tables)).toEqual(before);
    expect(
      ok(await put(adminHeaders, agencies.office.id, { abbreviation: 'VPUB', internalOfAgencyId: agencies.ubnd.id })),
    ).toEqual({ agencyId: agencies.office.id, abbreviation: 'VPUB', internalOfAgencyId: agencies.ubnd.id });
    clock.set('2028-02-01T09:00:00+07:00');
    expect((await release()).notation).toBe('01/UBND-VPUB');

    // An issuer without an abbreviation cannot draft yet: the notation could not be written.
    await db.deleteFrom('document_agency_settings').where('agency_id', '=', agencies.ubnd.id).execute();
    const beforeDraft = await countRows(db, ['outgoing_documents']);
    const refused = problem(
      await api.draft(people.drafter.headers, draftBody(agencies)),
      422,
      'DOCUMENT_SETUP_INCOMPLETE',
    );
    expect(refused).toMatchObject({ reason: 'issuer_abbreviation' });
    expect(await countRows(db, ['outgoing_documents'])).toEqual(beforeDraft);
  });
});
