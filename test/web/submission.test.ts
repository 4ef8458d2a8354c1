import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as drafts from '../../src/modules/dossier-drafts/dossier-drafts.service.ts';
import { submitDraft } from '../../src/modules/dossier-drafts/submit-draft.ts';
import {
  createCitizen,
  headersFor,
  pdfBytes,
  procedureByNationalCode,
  unitByCode,
} from '../../src/modules/dossiers/dossiers.fixtures.ts';
import { NO_REQUEST } from '../../src/platform/auth/actor.ts';
import { vietnamTodayIso } from '../../src/web/lib/dates.ts';
import { createSession } from '../../src/modules/people/sessions.ts';
import { CSRF_COOKIE } from '../../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../src/platform/http/request-context.ts';
import { webBuildExists } from '../../src/platform/http/web.ts';
import { seedDemo } from '../../src/seed/index.ts';
import { countRows } from '../support/auth.ts';
import { type TestApp, createTestApp } from '../support/app.ts';

type Browser = { cookie: string; token: string };

/**
 * The online submission pages through inject(): who may open them, and the upload page's multipart form — the CSRF
 * token from its `_csrf` field (a form without JavaScript cannot set a header), nothing kept without it. Needs
 * `npm run build`.
 */
describe.skipIf(!webBuildExists())('online submission pages', () => {
  let t: TestApp;
  let citizen: Browser;
  let staff: Browser;
  let procedureId: string;
  let citizenId: string;
  let deskId: string;

  const browserFor = async (userId: string): Promise<Browser> => {
    const { token } = await createSession(t.database.db, { userId, mfaPending: false, ip: null, userAgent: 'test' });
    const browserId = `submission-${userId}`;
    return {
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${browserId}`,
      token: t.app.platform.csrf.tokenForBrowser(browserId),
    };
  };
  const get = (browser: Browser | null, url: string) =>
    t.app.inject({ url, headers: browser ? { cookie: browser.cookie } : {} });
  const postForm = (browser: Browser, url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: browser.token, ...fields }).toString(),
    });
  const postMultipart = async (browser: Browser, url: string, form: FormData) => {
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookie, 'content-type': String(request.headers.get('content-type')) },
      payload: Buffer.from(await request.arrayBuffer()),
    });
  };
  const draftFiles = async (id: string) =>
    (await t.database.db.selectFrom('dossier_drafts').select('files').where('id', '=', id).executeTakeFirstOrThrow())
      .files as { filename: string }[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    const db = t.database.db;
    procedureId = (await procedureByNationalCode(db, '1.001193')).id;
    citizenId = await createCitizen(db, { fullName: 'Hầu A Dế', personalId: '010196003333' });
    citizen = await browserFor(citizenId);
    const desk = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    deskId = desk.id;
    staff = await browserFor(desk.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends anonymous readers to sign in, refuses officers, and shows a procedure’s start button', async () => {
    const anonymous = await get(null, `/nop-ho-so/bat-dau/${procedureId}`);
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe(
      `/dang-nhap?next=${encodeURIComponent(`/nop-ho-so/bat-dau/${procedureId}`)}`,
    );
    expect((await get(null, '/nop-ho-so/ban-nhap')).statusCode).toBe(302);
    expect((await get(staff, `/nop-ho-so/bat-dau/${procedureId}`)).statusCode).toBe(403);
    const before = await countRows(t.database.db, ['dossier_drafts']);
    expect((await postForm(staff, `/nop-ho-so/bat-dau/${procedureId}`, {})).statusCode).toBe(403);
    expect(await countRows(t.database.db, ['dossier_drafts'])).toEqual(before);
    const page = await get(null, `/thu-tuc/${procedureId}`);
    expect(page.body).toContain(`href="/nop-ho-so/bat-dau/${procedureId}"`);
  });

  it('keeps an upload sent as a plain multipart form with its CSRF field, and nothing without it', async () => {
    const started = await postForm(citizen, `/nop-ho-so/bat-dau/${procedureId}`, {});
    expect(started.statusCode).toBe(302);
    const draftId = String(/\/nop-ho-so\/([0-9a-f-]{36})\/nguoi-nop$/.exec(String(started.headers.location))?.[1]);
    // "Lưu và tiếp tục sau" before answering keeps the draft; "Tiếp tục" asks for the answer.
    const saved = await postForm(citizen, `/nop-ho-so/${draftId}/nguoi-nop`, { intent: 'save' });
    expect(saved.headers.location).toBe(`/nop-ho-so/ban-nhap?da-luu=${draftId}`);
    const unanswered = await postForm(citizen, `/nop-ho-so/${draftId}/nguoi-nop`, { intent: 'continue' });
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain('Hãy chọn bạn nộp hồ sơ cho ai');
    expect((await get(citizen, '/nop-ho-so/ban-nhap')).body).toContain('Đăng ký khai sinh');
    const url = `/nop-ho-so/${draftId}/giay-to/to-khai`;
    const page = await get(citizen, url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/enctype="multipart\/form-data"/i);

    const upload = (token: string | null) => {
      const form = new FormData();
      if (token) form.set('_csrf', token);
      form.set('intent', 'upload');
      form.append('files', new Blob([new Uint8Array(pdfBytes('tờ khai'))], { type: 'application/pdf' }), 'to-khai.pdf');
      return form;
    };
    expect((await postMultipart(citizen, url, upload(null))).statusCode).toBe(403);
    expect((await postMultipart(citizen, url, upload('not-the-token'))).statusCode).toBe(403);
    expect(await draftFiles(draftId)).toEqual([]);
    const kept = await postMultipart(citizen, url, upload(citizen.token));
    expect(kept.statusCode).toBe(302);
    expect(kept.headers.location).toBe(`${url}?da-tai=1`);
    expect((await draftFiles(draftId)).map((f) => f.filename)).toEqual(['to-khai.pdf']);

    // An empty file is refused by name, with a 400 page, and nothing is added.
    const empty = new FormData();
    empty.set('_csrf', citizen.token);
    empty.set('intent', 'upload');
    empty.append('files', new Blob([], { type: 'application/pdf' }), 'trong.pdf');
    const refused = await postMultipart(citizen, url, empty);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Tệp trong.pdf rỗng');
    expect(await draftFiles(draftId)).toHaveLength(1);

    // "Tiếp tục" on a required component with a file moves on; the check page waits until every page is answered.
    const next = await postForm(citizen, url, { intent: 'continue' });
    expect(next.headers.location).toBe(`/nop-ho-so/${draftId}/giay-to/giay-chung-sinh`);
    const check = await get(citizen, `/nop-ho-so/${draftId}/kiem-tra`);
    expect(check.statusCode).toBe(302);
    expect(check.headers.location).toBe(`/nop-ho-so/${draftId}/nguoi-nop`);
  });

  it('confirms with the code, and links the receipt once the desk has accepted the dossier', async () => {
    const db = t.database.db;
    const ctx = {
      actor: { kind: 'user' as const, userId: citizenId, userKind: 'citizen' as const, fullName: 'Dế', grants: [] },
      meta: NO_REQUEST,
      db,
    };
    const platform = t.app.platform;
    const birth = await procedureByNationalCode(db, '1.001193');
    const ward = await unitByCode(db, '02647', vietnamTodayIso());
    const draft = await drafts.startDraft(ctx, platform, procedureId);
    await drafts.saveDraftAnswers(ctx, platform, draft.id, { applyingAs: 'self', receivingUnitId: ward.id });
    await drafts.saveDraftAnswers(ctx, platform, draft.id, {
      applicant: { fullName: 'Hầu A Dế', personalId: '010196003333', address: 'Phường Lào Cai' },
    });
    for (const c of birth.requiredComponents) {
      await drafts.addDraftFiles(ctx, platform, draft.id, c.code, [{ filename: `${c.code}.pdf`, bytes: pdfBytes() }]);
    }
    const { dossierId, code } = await submitDraft(ctx, platform, draft.id);
    const done = `/nop-ho-so/${draft.id}/da-nop`;
    const before = await get(citizen, done);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain(code);
    expect(before.body).not.toContain('/forms/receipt');
    // Before acceptance there is no receipt to give (the API says so too).
    const early = await get(citizen, `/api/v1/dossiers/${dossierId}/forms/receipt`);
    expect(early.statusCode).toBe(409);

    const desk = await headersFor(t.app, db, deskId);
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${dossierId}/actions`,
      headers: desk,
      payload: { action: 'accept', expectedVersion: 1 },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const after = await get(citizen, done);
    expect(after.body).toContain(`href="/api/v1/dossiers/${dossierId}/forms/receipt"`);
    const receipt = await get(citizen, `/api/v1/dossiers/${dossierId}/forms/receipt`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    // Someone else's confirmation and receipt stay out of reach.
    const stranger = await browserFor(await createCitizen(db, { fullName: 'Vàng Thị Mỷ', personalId: '010196004444' }));
    expect((await get(stranger, done)).statusCode).toBe(404);
    expect((await get(stranger, `/api/v1/dossiers/${dossierId}/forms/receipt`)).statusCode).toBe(404);
  });
});
