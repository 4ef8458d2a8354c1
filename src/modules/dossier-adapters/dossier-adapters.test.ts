import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { manualClock } from '../../platform/clock.ts';
import { seedDemo } from '../../seed/index.ts';
import { decodeQrOnFirstPage, pdfText } from '../dossiers-print/pdf-test-support.ts';
import {
  DossierApi,
  applicant,
  headersFor,
  ok,
  problem,
  procedureByNationalCode,
  unitByCode,
} from '../dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../dossiers/dossiers.schema.ts';

/**
 * The adapter between the dossier engine and the forms, notices, portal sync and public lookup, through the real
 * dossier API: a counter reception issues a receipt PDF, queues the applicant's notices and the portal's calls in the
 * same transaction, and the public lookup shows the status without personal data.
 */
describe('dossier adapters', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  const PUBLIC_URL = 'https://dichvucong.laocai.gov.vn';
  let t: TestApp;
  let api: DossierApi;
  let desk: Record<string, string>;
  let dossier: TDossierDetail;

  beforeAll(async () => {
    t = await createTestApp(
      {
        publicUrl: PUBLIC_URL,
        dvcqg: {
          url: 'http://127.0.0.1:9/unreachable',
          username: 'u',
          password: 'p',
          agencyCode: '000.00.00.H38',
          sandbox: false,
        },
      },
      undefined,
      (app) => {
        app.platform.clock = clock;
      },
    );
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    const deskUser = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    desk = await headersFor(t.app, db, deskUser.id);
    const ward = await unitByCode(db, '02647', '2026-03-02');
    const procedure = await procedureByNationalCode(db, '1.001193');
    dossier = ok(
      await api.counter(desk, {
        procedureId: procedure.id,
        receivingUnitId: ward.id,
        applicant: applicant('Lò Thị Mai', '010190001111'),
        components: procedure.requiredComponents,
        fees: procedure.fees,
        feesPaid: true,
      }),
      201,
    );
  });
  afterAll(() => t.close());

  it('prints the receipt of a received dossier, with its code and the QR code of its lookup page', async () => {
    const response = await t.app.inject({ url: `/api/v1/dossiers/${dossier.id}/forms/receipt`, headers: desk });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(`Mã hồ sơ: ${dossier.code}`);
    expect(text).toContain('Ông/Bà: Lò Thị Mai');
    expect(text).toContain('Lào Cai, ngày 02 tháng 03 năm 2026');
    expect(await decodeQrOnFirstPage(response.rawPayload)).toBe(
      `${PUBLIC_URL}/tra-cuu/${encodeURIComponent(dossier.code)}`,
    );
    problem(
      await t.app.inject({ url: `/api/v1/dossiers/${dossier.id}/forms/apology`, headers: desk }),
      409,
      'FORM_NOT_AVAILABLE',
    );
    problem(await t.app.inject({ url: `/api/v1/dossiers/${dossier.id}/forms/receipt` }), 401, 'UNAUTHENTICATED');
  });

  it('queues the applicant’s notices and the portal’s calls with the action', async () => {
    const jobs = await t.database.db
      .selectFrom('pgboss.job' as never)
      .select(['name', 'data'] as never)
      .where('name' as never, 'in', ['mail.send', 'sms.send'] as never)
      .execute();
    const texts = (jobs as { name: string; data: { subject?: string; text: string } }[]).map(
      (j) => `${j.name} ${j.data.subject ?? ''} ${j.data.text}`,
    );
    expect(texts.some((s) => s.startsWith('mail.send') && s.includes(`Hồ sơ ${dossier.code} đã được tiếp nhận`))).toBe(
      true,
    );
    expect(texts.some((s) => s.startsWith('sms.send') && s.includes(dossier.code))).toBe(true);

    const outbox = await t.database.db
      .selectFrom('dvcqg_outbox')
      .select(['seq', 'part', 'service', 'body'])
      .where('dossier_id', '=', dossier.id)
      .orderBy('seq')
      .orderBy('part')
      .execute();
    expect(outbox.map((r) => `${r.seq}.${r.part} ${r.service}`)).toEqual([
      '1.0 DongBoHoSoMC',
      '1.1 CapNhatTienDoHoSoMC',
    ]);
    const record = (outbox[0]?.body as { data: Record<string, unknown>[] } | undefined)?.data[0];
    expect(record).toMatchObject({
      MaHoSo: dossier.code,
      TrangThaiHoSo: '2',
      ChuHoSo: 'Lò Thị Mai',
      LoaiDoiTuong: '1',
    });
    expect(String(record?.NgayTiepNhan)).toBe('20260302080000');
  });

  it('answers the public lookup without personal data unless the applicant proves who they are', async () => {
    const plain = await t.app.inject({ url: `/api/v1/lookup/${encodeURIComponent(dossier.code)}` });
    expect(plain.statusCode, plain.body).toBe(200);
    const body = plain.json();
    expect(body).toMatchObject({
      code: dossier.code,
      status: 'received',
      verified: false,
      procedureName: dossier.procedure.name,
    });
    expect(body.history.map((h: { action: string }) => h.action)).toEqual(['receive']);
    expect(body.applicant).toBeUndefined();
    expect(plain.body).not.toContain('Lò Thị Mai');
    expect(plain.body).not.toContain('0912345678');

    const wrong = (
      await t.app.inject({ url: `/api/v1/lookup/${encodeURIComponent(dossier.code)}?verify=0000` })
    ).json();
    expect(wrong.verified).toBe(false);
    expect(wrong.applicant).toBeUndefined();
    const proven = (
      await t.app.inject({ url: `/api/v1/lookup/${encodeURIComponent(dossier.code)}?verify=5678` })
    ).json();
    expect(proven).toMatchObject({ verified: true, applicant: { fullName: 'Lò Thị Mai', phone: '0912345678' } });

    problem(await t.app.inject({ url: '/api/v1/lookup/000.00.50.H38-260302-9999' }), 404, 'NOT_FOUND');
  });

  it('serves the lookup from memory, yet shows a change made here at once; personal answers are not cacheable', async () => {
    const url = `/api/v1/lookup/${encodeURIComponent(dossier.code)}`;
    const first = await t.app.inject({ url, remoteAddress: '198.51.100.7' });
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['cache-control']).toBeUndefined();
    expect(first.json().history.map((h: { action: string }) => h.action)).toEqual(['receive']);

    dossier = await api.step(desk, dossier, { action: 'forward' });
    const after = (await t.app.inject({ url, remoteAddress: '198.51.100.7' })).json();
    expect(after.history.map((h: { action: string }) => h.action)).toEqual(['receive', 'forward']);
    expect(after.currentUnitName).toBe(dossier.current.agency?.name ?? dossier.current.unit.name);

    const personal = await t.app.inject({ url: `${url}?verify=5678`, remoteAddress: '198.51.100.7' });
    expect(personal.headers['cache-control']).toBe('private, no-store');
  });

  it('rate-limits the public lookup per client', async () => {
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++) {
      last = (await t.app.inject({ url: '/api/v1/lookup/KHONG-CO', remoteAddress: '203.0.113.9' })).statusCode;
    }
    expect(last).toBe(429);
  });
});
