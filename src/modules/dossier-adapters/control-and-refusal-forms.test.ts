import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { manualClock } from '../../platform/clock.ts';
import { seedDemo } from '../../seed/index.ts';
import { decodeQrOnFirstPage, pdfText } from '../dossiers-print/pdf-test-support.ts';
import {
  DossierApi,
  agencyOfKind,
  applicant,
  createCitizen,
  createStaff,
  headersFor,
  ok,
  problem,
  procedureByNationalCode,
  unitByCode,
} from '../dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../dossiers/dossiers.schema.ts';

/**
 * The refusal to receive (Mẫu 03) and the control sheet of hand-overs (Mẫu 05), printed from a commune dossier's
 * real history: a birth registration (4 working hours) that is late at the leader's step.
 */
describe('refusal notice and control sheet', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  const PUBLIC_URL = 'https://dichvucong.laocai.gov.vn';
  let t: TestApp;
  let api: DossierApi;
  let citizen: Record<string, string>;
  let desk: Record<string, string>;
  let specialist: Record<string, string>;
  let leader: Record<string, string>;
  let procedure: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let wardId: string;

  const form = (id: string, name: string, headers: Record<string, string>) =>
    t.app.inject({ url: `/api/v1/dossiers/${id}/forms/${name}`, headers });
  const submit = async () =>
    ok<TDossierDetail>(
      await api.submit(citizen, {
        procedureId: procedure.id,
        receivingUnitId: wardId,
        applicant: applicant('Lò Thị Mai', '010190001111'),
        components: procedure.requiredComponents,
        fees: procedure.fees,
      }),
      201,
    );

  beforeAll(async () => {
    t = await createTestApp({ publicUrl: PUBLIC_URL }, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    const ward = await unitByCode(db, '02647', '2026-03-02');
    wardId = ward.id;
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const deskUser = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    const staff = (username: string, fullName: string, role: 'specialist' | 'leader') =>
      createStaff(db, { username, fullName, unitId: ward.id, agencyId: committee.id, role });
    specialist = await headersFor(t.app, db, await staff('cv.plc', 'Lò Văn Hộ', 'specialist'));
    leader = await headersFor(t.app, db, await staff('ld.plc', 'Sùng A Lãnh', 'leader'));
    desk = await headersFor(t.app, db, deskUser.id);
    citizen = await headersFor(
      t.app,
      db,
      await createCitizen(db, { fullName: 'Lò Thị Mai', personalId: '010190001111' }),
    );
    procedure = await procedureByNationalCode(db, '1.001193');
  });
  afterAll(() => t.close());

  it('prints the refusal with every reason once the desk refused to receive the dossier', async () => {
    const dossier = await submit();
    problem(await form(dossier.id, 'refusal', desk), 409, 'FORM_NOT_AVAILABLE');
    problem(await form(dossier.id, 'control-sheet', desk), 409, 'FORM_NOT_AVAILABLE');
    const refused = await api.step(desk, dossier, {
      action: 'refuse',
      reasons: ['Trẻ đã được đăng ký khai sinh tại Phường Cốc Lếu', 'Không thuộc thẩm quyền của Phường Lào Cai'],
    });
    expect(refused.status).toBe('refused');

    const response = await form(dossier.id, 'refusal', citizen);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toContain(`phieu-tu-choi-${dossier.code}.pdf`);
    const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(`Mã hồ sơ: ${dossier.code}`);
    expect(text).toContain('1. Trẻ đã được đăng ký khai sinh tại Phường Cốc Lếu');
    expect(text).toContain('2. Không thuộc thẩm quyền của Phường Lào Cai');
    expect(text).toContain('Nội dung yêu cầu giải quyết: Đăng ký khai sinh');
    expect(await decodeQrOnFirstPage(response.rawPayload)).toBe(
      `${PUBLIC_URL}/tra-cuu/${encodeURIComponent(dossier.code)}`,
    );
  });

  it('lists every hand-over with its outcome against the step’s due time, up to the result handed over', async () => {
    let dossier = await submit();
    clock.set('2026-03-02T08:30:00+07:00');
    dossier = await api.step(desk, dossier, { action: 'accept' });
    clock.set('2026-03-02T08:50:00+07:00');
    dossier = await api.step(desk, dossier, { action: 'forward' });
    clock.set('2026-03-02T09:30:00+07:00');
    dossier = await api.step(specialist, dossier, { action: 'forward' });
    const leaderDue = new Date(dossier.current.stepDueAt ?? 0);
    // The leader signs a working day later: that step, and the dossier, are late.
    clock.set('2026-03-03T09:00:00+07:00');
    expect(clock.now().getTime()).toBeGreaterThan(leaderDue.getTime());
    dossier = await api.step(leader, dossier, { action: 'approve' });
    clock.set('2026-03-03T09:10:00+07:00');
    dossier = await api.step(desk, dossier, {
      action: 'register_result',
      resultNumber: '126/2026/TLKS',
      files: [
        { filename: 'kq.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.7\nkq').toString('base64') },
      ],
    });
    clock.set('2026-03-03T09:20:00+07:00');
    dossier = await api.step(desk, dossier, { action: 'return_result', method: 'counter' });

    const response = await form(dossier.id, 'control-sheet', desk);
    expect(response.statusCode, response.body).toBe(200);
    const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('Người nộp hồ sơ: Lò Thị Mai');
    // One row per hand-over, with the people who gave and took the dossier.
    const count = (words: string) => text.split(words).length - 1;
    expect(count('Tiếp nhận hồ sơ')).toBe(1);
    expect(count('Chuyển xử lý')).toBe(2);
    expect(count('Phê duyệt')).toBe(1);
    expect(count('Có kết quả giải quyết')).toBe(1);
    expect(count('Trả kết quả')).toBe(1);
    expect(text).toContain('Lò Văn Hộ');
    expect(text).toContain('Sùng A Lãnh');
    expect(text).toContain('08:30 02/03/2026');
    expect(text).toContain('09:00 03/03/2026');
    // The desk's and the specialist's steps ended on their due day, in time; the leader's step after its due time,
    // and so everything after it, up to the result handed over past the appointment.
    expect(count('Đúng hạn')).toBe(2);
    expect(count('Quá hạn')).toBe(3);
    // Only people who may open the dossier may print it.
    const other = await createCitizen(t.database.db, { fullName: 'Người Khác', personalId: '010190002222' });
    problem(await form(dossier.id, 'control-sheet', await headersFor(t.app, t.database.db, other)), 404, 'NOT_FOUND');
  });
});
