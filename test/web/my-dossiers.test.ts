import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApplicantWorld,
  createApplicantWorld,
  processToReturned,
} from '../../src/modules/applicant-dossiers/applicant-dossiers.fixtures.ts';
import { ok, pngBytes } from '../../src/modules/dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../../src/modules/dossiers/dossiers.schema.ts';
import {
  ipnQuery,
  payOnSandbox,
  pathOf,
  paymentRow,
  submitDossier,
} from '../../src/modules/payments/payments.fixtures.ts';
import { MAX_FILE_BYTES } from '../../src/modules/dossiers/files.ts';
import { createSession } from '../../src/modules/people/sessions.ts';
import { CSRF_COOKIE } from '../../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../src/platform/http/request-context.ts';
import { webBuildExists } from '../../src/platform/http/web.ts';
import { countRows } from '../support/auth.ts';

type Browser = { cookie: string; token: string };

/** Tables an applicant's action writes: compared before and after every refusal. */
const TABLES = ['dossier_actions', 'dossier_files', 'payments', 'audit_log'] as const;

/**
 * The citizen's pages through inject(), as a browser without JavaScript uses them: the list, one dossier (another
 * citizen's is 404), paying through the bank stand-in and the return page, the supplement answer as a real
 * multipart upload (empty, oversized and disguised files refused in Vietnamese), a stale form, the rating and the
 * withdrawal each taken once when posted twice. Needs `npm run build`.
 */
describe.skipIf(!webBuildExists())('the citizen’s dossier pages', () => {
  let w: ApplicantWorld;
  let citizen: Browser;
  let other: Browser;
  let staff: Browser;
  let dossier: TDossierDetail;

  const browserFor = async (userId: string): Promise<Browser> => {
    const { token } = await createSession(w.db, { userId, mfaPending: false, ip: null, userAgent: 'test' });
    const browserId = `my-dossiers-${userId}`;
    return {
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${browserId}`,
      token: w.t.app.platform.csrf.tokenForBrowser(browserId),
    };
  };
  const get = (browser: Browser | null, url: string) =>
    w.t.app.inject({ url, headers: browser ? { cookie: browser.cookie } : {} });
  const postForm = (browser: Browser, url: string, fields: Record<string, string>) =>
    w.t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: browser.token, ...fields }).toString(),
    });
  /** The supplement form as a browser sends it: multipart, the CSRF token in the body. */
  const postSupply = async (browser: Browser, id: string, version: number, files: Record<string, File>) => {
    const form = new FormData();
    form.set('_csrf', browser.token);
    form.set('intent', 'supply');
    form.set('expectedVersion', String(version));
    for (const [name, file] of Object.entries(files)) form.append(name, file);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return w.t.app.inject({
      method: 'POST',
      url: `/ho-so-cua-toi/${id}`,
      headers: { cookie: browser.cookie, 'content-type': String(request.headers.get('content-type')) },
      payload: Buffer.from(await request.arrayBuffer()),
    });
  };
  const versionOf = async (id: string) =>
    (await w.db.selectFrom('dossiers').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  const actionsOf = async (id: string, action: string) =>
    (
      await w.db
        .selectFrom('dossier_actions')
        .select('seq')
        .where('dossier_id', '=', id)
        .where('action', '=', action)
        .execute()
    ).length;

  beforeAll(async () => {
    w = await createApplicantWorld();
    citizen = await browserFor(w.citizenId);
    const otherId = await w.db
      .selectFrom('users')
      .select('id')
      .where('personal_id', '=', '010190002222')
      .executeTakeFirstOrThrow();
    other = await browserFor(otherId.id);
    const desk = await w.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    staff = await browserFor(desk.id);
    dossier = await submitDossier(w);
  });
  afterAll(() => w?.t.close());

  it('lists the citizen’s dossiers with what to do, and sends others away', async () => {
    const page = await get(citizen, '/ho-so-cua-toi');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(dossier.code);
    expect(page.body).toContain('Chờ tiếp nhận');
    expect(page.body).toContain('Nộp phí, lệ phí');
    // No scripts on the citizen's pages: plain HTML, compressed when the browser accepts it.
    expect(page.body).not.toContain('<script');
    const compressed = await w.t.app.inject({
      url: '/ho-so-cua-toi',
      headers: { cookie: citizen.cookie, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(compressed.headers['content-encoding']).toBe('br');

    expect((await get(other, '/ho-so-cua-toi')).body).toContain('Bạn chưa có hồ sơ nào.');
    const anonymous = await get(null, '/ho-so-cua-toi');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/dang-nhap?next=%2Fho-so-cua-toi');
    expect((await get(staff, '/ho-so-cua-toi')).statusCode).toBe(403);
  });

  it('answers 404 for another citizen’s dossier, and their forms change nothing', async () => {
    expect((await get(other, `/ho-so-cua-toi/${dossier.id}`)).statusCode).toBe(404);
    expect((await get(other, `/ho-so-cua-toi/${dossier.id}/rut-ho-so`)).statusCode).toBe(404);
    expect((await get(citizen, '/ho-so-cua-toi/khong-phai-ma')).statusCode).toBe(404);
    const before = await countRows(w.db, TABLES);
    const version = String(await versionOf(dossier.id));
    expect(
      (await postForm(other, `/ho-so-cua-toi/${dossier.id}/rut-ho-so`, { expectedVersion: version })).statusCode,
    ).toBe(404);
    expect((await postForm(other, `/ho-so-cua-toi/${dossier.id}`, { intent: 'pay' })).statusCode).toBe(404);
    expect(await countRows(w.db, TABLES)).toEqual(before);
  });

  it('pays through the gateway: the button goes to the bank, the IPN settles, the page shows the receipt', async () => {
    const page = await get(citizen, `/ho-so-cua-toi/${dossier.id}`);
    expect(page.body).toContain('Nộp phí trực tuyến');
    expect(page.body).toContain('10.000 ₫');
    // The pay form's redirect leaves the site: the page's form-action policy names the gateway.
    expect(page.headers['content-security-policy']).toContain("form-action 'self' https://dichvucong.laocai.gov.vn");

    const started = await postForm(citizen, `/ho-so-cua-toi/${dossier.id}`, { intent: 'pay' });
    expect(started.statusCode).toBe(303);
    const gatewayUrl = String(started.headers.location);
    expect(gatewayUrl.startsWith(`${w.baseUrl}/vnpay-sandbox/paymentv2/vpcpay.html?`)).toBe(true);

    const back = await payOnSandbox(w, gatewayUrl, 'success');
    expect(back.startsWith(`${w.baseUrl}/thanh-toan/ket-qua?`)).toBe(true);
    const shown = await get(citizen, pathOf(back));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Thanh toán thành công. Biên lai điện tử số');
    expect(shown.body).toContain(`href="/ho-so-cua-toi/${dossier.id}"`);
    // A forged return is refused, and settles nothing either way.
    const forged = await get(citizen, pathOf(back).replace('vnp_Amount=1000000', 'vnp_Amount=100'));
    expect(forged.statusCode).toBe(400);

    const paid = await get(citizen, `/ho-so-cua-toi/${dossier.id}`);
    expect(paid.body).toContain('Đã nộp đủ phí, lệ phí.');
    expect(paid.body).toContain('Đã thanh toán');
    expect(paid.body).not.toContain('Nộp phí trực tuyến</button>');
    const receipt = /href="(\/api\/v1\/payments\/[0-9a-f-]{36}\/receipt)"/.exec(paid.body)?.[1];
    const pdf = await get(citizen, String(receipt));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    // Paying again: nothing is due any more, said in Vietnamese, and no payment is created.
    const before = await countRows(w.db, TABLES);
    const again = await postForm(citizen, `/ho-so-cua-toi/${dossier.id}`, { intent: 'pay' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Hồ sơ không còn khoản phí, lệ phí nào cần thanh toán trực tuyến.');
    expect(await countRows(w.db, TABLES)).toEqual(before);
  });

  it('shows a return before the IPN as waiting for the bank, a failure as such, and settles nothing', async () => {
    const unpaid = await submitDossier(w);
    const started = await postForm(citizen, `/ho-so-cua-toi/${unpaid.id}`, { intent: 'pay' });
    expect(started.statusCode).toBe(303);
    const row = await w.db
      .selectFrom('payments')
      .selectAll()
      .where('dossier_id', '=', unpaid.id)
      .executeTakeFirstOrThrow();
    const before = await countRows(w.db, TABLES);
    // The gateway's signed answer reaches the browser before its IPN reaches us.
    const waiting = await get(citizen, `/thanh-toan/ket-qua?${ipnQuery(w, row)}`);
    expect(waiting.statusCode).toBe(200);
    expect(waiting.body).toContain('hệ thống đang chờ ngân hàng xác nhận chính thức');
    expect(waiting.body).toContain(`href="/ho-so-cua-toi/${unpaid.id}"`);
    const failed = await get(
      citizen,
      `/thanh-toan/ket-qua?${ipnQuery(w, row, { vnp_ResponseCode: '24', vnp_TransactionStatus: '02' })}`,
    );
    expect(failed.body).toContain('Giao dịch không thành công (mã 24)');
    expect(await countRows(w.db, TABLES)).toEqual(before);
    expect((await paymentRow(w.db, row.id)).status).toBe('pending');
    const page = await get(citizen, `/ho-so-cua-toi/${unpaid.id}`);
    expect(page.body).toContain('Có giao dịch đang chờ ngân hàng xác nhận.');
    expect(page.body).toContain('Chờ ngân hàng xác nhận');
  });

  it('answers a supplement request with files; empty, oversized and disguised files are refused', async () => {
    dossier = await w.api.step(w.desk, ok(await w.api.get(w.desk, dossier.id)), {
      action: 'request_supplement',
      items: ['Ảnh chụp rõ nét giấy tờ tùy thân'],
    });
    const page = await get(citizen, `/ho-so-cua-toi/${dossier.id}`);
    expect(page.body).toContain('Ảnh chụp rõ nét giấy tờ tùy thân');
    const input = /name="(files:[^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(input).not.toBe('');
    const version = await versionOf(dossier.id);
    const before = await countRows(w.db, TABLES);

    const none = await postSupply(citizen, dossier.id, version, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Chọn ít nhất một tệp để bổ sung');
    const message = 'Tệp phải là PDF, JPG hoặc PNG (nhận biết theo nội dung tệp), không rỗng và không quá 5 MB';
    for (const bad of [
      new File([], 'rong.pdf', { type: 'application/pdf' }),
      new File([Buffer.from('MZ not a picture')], 'anh.png', { type: 'image/png' }),
      new File([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_FILE_BYTES)])], 'lon.pdf'),
    ]) {
      const refused = await postSupply(citizen, dossier.id, version, { [input]: bad });
      expect(refused.statusCode, bad.name).toBe(400);
      expect(refused.body).toContain(message);
    }
    // The page was shown at an older version: someone moved the dossier meanwhile.
    const stale = await postSupply(citizen, dossier.id, version - 1, {
      [input]: new File([new Uint8Array(pngBytes())], 'anh.png', { type: 'image/png' }),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Hồ sơ vừa thay đổi trạng thái nên yêu cầu của bạn chưa được thực hiện.');
    expect(await countRows(w.db, TABLES)).toEqual(before);

    const sent = await postSupply(citizen, dossier.id, version, {
      [input]: new File([new Uint8Array(pngBytes())], 'giay-to.png', { type: 'image/png' }),
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/ho-so-cua-toi/${dossier.id}?xong=supply`);
    const after = ok(await w.api.get(w.citizen, dossier.id));
    expect(after.status).toBe('submitted');
    expect(after.files.filter((f) => f.kind === 'supplement').map((f) => f.filename)).toEqual(['giay-to.png']);
    expect((await get(citizen, sent.headers.location as string)).body).toContain('Đã gửi hồ sơ bổ sung.');
  });

  it('takes one rating when the form is posted twice, after the result with its file is returned', async () => {
    dossier = await processToReturned(w, ok(await w.api.get(w.desk, dossier.id)));
    const page = await get(citizen, `/ho-so-cua-toi/${dossier.id}`);
    expect(page.body).toContain('Đánh giá sự phục vụ');
    const result = dossier.files.find((f) => f.kind === 'result');
    expect(page.body).toContain(`/api/v1/dossiers/${dossier.id}/files/${result?.id}`);
    expect(page.body).toContain('Tệp không có chữ ký số.');
    const download = await get(citizen, `/api/v1/dossiers/${dossier.id}/files/${result?.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');

    const version = String(dossier.version);
    const before = await countRows(w.db, TABLES);
    const unchosen = await postForm(citizen, `/ho-so-cua-toi/${dossier.id}`, {
      intent: 'rate',
      expectedVersion: version,
    });
    expect(unchosen.statusCode).toBe(400);
    expect(unchosen.body).toContain('Chọn một mức độ hài lòng');
    expect(await countRows(w.db, TABLES)).toEqual(before);

    const fields = { intent: 'rate', expectedVersion: version, rating: '5', comment: 'Nhanh, chu đáo.' };
    const [a, b] = await Promise.all([
      postForm(citizen, `/ho-so-cua-toi/${dossier.id}`, fields),
      postForm(citizen, `/ho-so-cua-toi/${dossier.id}`, fields),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([303, 409]);
    expect(await actionsOf(dossier.id, 'rate')).toBe(1);
    const rated = await get(citizen, `/ho-so-cua-toi/${dossier.id}`);
    expect(rated.body).toContain('Bạn đã đánh giá: Rất hài lòng.');
    expect(rated.body).not.toContain('Gửi đánh giá');
  });

  it('withdraws after a confirmation step, once when confirmed twice', async () => {
    const another = await submitDossier(w);
    const detail = await get(citizen, `/ho-so-cua-toi/${another.id}`);
    expect(detail.body).toContain(`href="/ho-so-cua-toi/${another.id}/rut-ho-so"`);
    const confirm = await get(citizen, `/ho-so-cua-toi/${another.id}/rut-ho-so`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`Rút hồ sơ ${another.code}?`);
    expect(confirm.body).toContain('Xác nhận rút hồ sơ');

    const fields = { expectedVersion: String(another.version), reason: 'Nộp nhầm thủ tục' };
    const first = await postForm(citizen, `/ho-so-cua-toi/${another.id}/rut-ho-so`, fields);
    const second = await postForm(citizen, `/ho-so-cua-toi/${another.id}/rut-ho-so`, fields);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/ho-so-cua-toi/${another.id}?xong=withdraw`);
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Hồ sơ vừa thay đổi trạng thái');
    expect(await actionsOf(another.id, 'withdraw')).toBe(1);
    const after = await get(citizen, `/ho-so-cua-toi/${another.id}`);
    expect(after.body).toContain('Đã rút hồ sơ');
    expect(after.body).not.toContain('Rút hồ sơ này');
    expect((await get(citizen, `/ho-so-cua-toi/${another.id}/rut-ho-so`)).body).toContain(
      'Hồ sơ này không còn rút được.',
    );
  });
});
