import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/modules/people/sessions.ts';
import { CSRF_COOKIE } from '../../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../src/platform/http/request-context.ts';
import { webBuildExists } from '../../src/platform/http/web.ts';
import { seedDemo } from '../../src/seed/index.ts';
import { type DraftForm, formFromBody } from '../../src/web/lib/procedure-draft.ts';
import { countRows } from '../support/auth.ts';
import { type TestApp, createTestApp } from '../support/app.ts';

type Browser = { cookie: string; token: string };

/** The editor's fields exactly as the page names them. */
function fieldsOf(form: DraftForm): Record<string, string> {
  const fields: Record<string, string> = {
    deadline: form.deadline,
    deadlineUnit: form.deadlineUnit,
    start: form.start,
    feesCount: String(form.fees.length),
    componentsCount: String(form.components.length),
    stepsCount: String(form.steps.length),
  };
  const add = (prefix: string, list: Record<string, string>[]) =>
    list.forEach((row, i) => {
      for (const [key, value] of Object.entries(row)) fields[`${prefix}.${i}.${key}`] = value;
    });
  add('fees', form.fees);
  add('components', form.components);
  add('steps', form.steps);
  return fields;
}

/**
 * The procedure administration pages through inject(), as a browser without JavaScript posts them: search without
 * diacritics, a procedure's versions, a new draft, the step editor's round trips, a refused workflow (Vietnamese
 * messages naming the step, nothing saved), a saved draft, publication, and refusals for other staff.
 * Needs `npm run build`.
 */
describe.skipIf(!webBuildExists())('procedure administration pages', () => {
  let t: TestApp;
  let admin: Browser;
  let desk: Browser;
  let communeAdmin: Browser;
  let procedureId: string;

  const browserFor = async (username: string): Promise<Browser> => {
    const user = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    const { token } = await createSession(t.database.db, {
      userId: user.id,
      mfaPending: false,
      ip: null,
      userAgent: 'test',
    });
    return {
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=admin-${username}`,
      token: t.app.platform.csrf.tokenForBrowser(`admin-${username}`),
    };
  };
  const get = (browser: Browser | null, url: string) =>
    t.app.inject({ url, headers: browser ? { cookie: browser.cookie } : {} });
  const post = (browser: Browser, url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: browser.token, ...fields }).toString(),
    });
  const stored = async (version: number) =>
    t.database.db
      .selectFrom('procedure_versions')
      .select(['workflow', 'status', 'updated_at', 'deadline_working_hours'])
      .where('procedure_id', '=', procedureId)
      .where('version', '=', version)
      .executeTakeFirstOrThrow();
  const draftForm = async (version: number) => {
    const row = await t.database.db
      .selectFrom('procedure_versions')
      .selectAll()
      .where('procedure_id', '=', procedureId)
      .where('version', '=', version)
      .executeTakeFirstOrThrow();
    const fees = await t.database.db
      .selectFrom('procedure_fees')
      .selectAll()
      .where('procedure_id', '=', procedureId)
      .where('version', '=', version)
      .orderBy('position')
      .execute();
    const components = await t.database.db
      .selectFrom('procedure_components')
      .selectAll()
      .where('procedure_id', '=', procedureId)
      .where('version', '=', version)
      .orderBy('position')
      .execute();
    return formFromBody({
      deadline:
        row.deadline_working_days !== null
          ? { workingDays: row.deadline_working_days }
          : { workingHours: row.deadline_working_hours ?? 0 },
      fees: fees.map((f) => ({ code: f.code, name: f.name, amount: Number(f.amount), kind: f.kind as 'fee' })),
      components: components.map((c) => ({
        code: c.code,
        name: c.name,
        originals: c.originals,
        copies: c.copies,
        templateFile: c.template_file,
        isRequired: c.is_required,
        registryKind: c.registry_kind as 'population' | null,
      })),
      workflow: row.workflow as never,
    });
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    admin = await browserFor('quantri');
    desk = await browserFor('motcua.phuonglaocai');
    communeAdmin = await browserFor('quantri.phuonglaocai');
    const row = await t.database.db
      .selectFrom('procedures')
      .select('id')
      .where('national_code', '=', '1.001193')
      .executeTakeFirstOrThrow();
    procedureId = row.id;
  });
  afterAll(() => t?.close());

  it('refuses anonymous readers and staff without procedures.manage, and changes nothing', async () => {
    const anonymous = await get(null, '/quan-tri/thu-tuc');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/dang-nhap?next=%2Fquan-tri%2Fthu-tuc');
    for (const url of [
      '/quan-tri/thu-tuc',
      `/quan-tri/thu-tuc/${procedureId}`,
      `/quan-tri/thu-tuc/${procedureId}/phien-ban/1`,
    ]) {
      const page = await get(desk, url);
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('Không có quyền truy cập');
    }
    const before = await countRows(t.database.db, ['procedure_versions', 'audit_log']);
    const refused = await post(desk, `/quan-tri/thu-tuc/${procedureId}`, { intent: 'newVersion' });
    expect(refused.statusCode).toBe(403);
    // A commune administrator manages procedures of no province: the page opens, the change is refused.
    const commune = await post(communeAdmin, `/quan-tri/thu-tuc/${procedureId}`, { intent: 'newVersion' });
    expect(commune.statusCode).toBe(403);
    expect(await countRows(t.database.db, ['procedure_versions', 'audit_log'])).toEqual(before);
    // The navigation offers the sections only to those who may use them.
    expect((await get(desk, '/quan-tri')).body).not.toContain('href="/quan-tri/thu-tuc"');
    expect((await get(admin, '/quan-tri')).body).toContain('href="/quan-tri/thu-tuc"');
    expect((await get(admin, '/quan-tri')).body).toContain('href="/quan-tri/lich-lam-viec"');
  });

  it('finds a procedure without diacritics and shows its versions and workflow', async () => {
    const list = await get(admin, '/quan-tri/thu-tuc?q=dang+ky+khai+sinh');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/quan-tri/thu-tuc/${procedureId}"`);
    expect(list.body).toContain('Đăng ký khai sinh');
    const none = await get(admin, '/quan-tri/thu-tuc?q=khong+co+thu+tuc+nay');
    expect(none.body).toContain('Không có kết quả phù hợp.');

    const page = await get(admin, `/quan-tri/thu-tuc/${procedureId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đang áp dụng');
    expect(page.body).toContain('Quy trình nội bộ (ISO)');
    expect(page.body).toContain('Lãnh đạo UBND xã xem xét, ký kết quả');
    expect(page.body).toContain('phê duyệt (approve)');
    expect(page.body).toContain('Tạo phiên bản mới');
  });

  it('opens a draft copied from the version in force, once', async () => {
    const before = await countRows(t.database.db, ['procedure_versions']);
    const created = await post(admin, `/quan-tri/thu-tuc/${procedureId}`, { intent: 'newVersion' });
    expect(created.statusCode).toBe(302);
    expect(created.headers.location).toBe(`/quan-tri/thu-tuc/${procedureId}/phien-ban/2?thongbao=versionCreated`);
    expect((await countRows(t.database.db, ['procedure_versions'])).procedure_versions).toBe(
      (before.procedure_versions ?? 0) + 1,
    );
    expect((await stored(2)).status).toBe('draft');
    const again = await post(admin, `/quan-tri/thu-tuc/${procedureId}`, { intent: 'newVersion' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Thủ tục đang có bản nháp phiên bản 2');

    const editor = await get(admin, `/quan-tri/thu-tuc/${procedureId}/phien-ban/2?thongbao=versionCreated`);
    expect(editor.statusCode).toBe(200);
    expect(editor.body).toContain('Đã tạo bản nháp phiên bản mới');
    // The forms post to the page without the confirmation, so a refusal does not show it again.
    expect(editor.body).toContain(`action="/quan-tri/thu-tuc/${procedureId}/phien-ban/2"`);
    expect(editor.body).toContain('name="steps.2.transitions"');
    expect(editor.body).toContain('value="approve:return, reject:return, return:process"');
    // The version in force is read-only.
    const published = await get(admin, `/quan-tri/thu-tuc/${procedureId}/phien-ban/1`);
    expect(published.body).not.toContain('name="steps.0.id"');
  });

  it('adds and removes steps by posting the form back, without saving', async () => {
    const before = await stored(2);
    const fields = fieldsOf(await draftForm(2));
    const added = await post(admin, `/quan-tri/thu-tuc/${procedureId}/phien-ban/2`, { ...fields, intent: 'addStep' });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('name="steps.4.id"');
    expect(added.body).toContain('value="buoc-5"');
    const removed = await post(admin, `/quan-tri/thu-tuc/${procedureId}/phien-ban/2`, {
      ...fields,
      intent: 'removeStep:1',
    });
    expect(removed.body).not.toContain('name="steps.3.id"');
    expect(removed.body).not.toContain('value="process"');
    expect((await stored(2)).updated_at).toEqual(before.updated_at);
  });

  it('refuses an invalid workflow with Vietnamese messages naming the step, and saves nothing', async () => {
    const url = `/quan-tri/thu-tuc/${procedureId}/phien-ban/2`;
    const before = await stored(2);
    const audit = await countRows(t.database.db, ['audit_log', 'procedure_versions']);
    const form = await draftForm(2);

    // Durations that no longer add up to the legal 4 working hours.
    const slow = structuredClone(form);
    (slow.steps[1] as { duration: string }).duration = '3';
    const mismatch = await post(admin, url, { ...fieldsOf(slow), intent: 'save' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain(
      'Quy trình: tổng thời gian các bước trên đường chính là 6 giờ làm việc, khác thời hạn giải quyết theo quy định là 4 giờ làm việc',
    );
    expect(mismatch.body).toContain('value="3"'); // what was typed is kept

    // A next step that does not exist, and a step nobody can reach.
    const broken = structuredClone(form);
    (broken.steps[1] as { transitions: string }).transitions = 'forward:khong-co, return:receive';
    const unknown = await post(admin, url, { ...fieldsOf(broken), intent: 'save' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain(
      'Bước 2 (process): bước &quot;khong-co&quot; được chuyển tới không có trong quy trình',
    );
    expect(unknown.body).toContain('href="#f-steps.1.transitions"');

    const island = structuredClone(form);
    (island.steps[0] as { transitions: string }).transitions = 'forward:sign';
    (island.steps[2] as { transitions: string }).transitions = 'approve:return, reject:return';
    const unreachable = await post(admin, url, { ...fieldsOf(island), intent: 'save' });
    expect(unreachable.body).toContain('Bước 2 (process): không đi tới được bước này từ bước bắt đầu');

    // An unknown role typed into the JSON workflow.
    const json = JSON.parse(JSON.stringify((await stored(2)).workflow));
    json.steps[1].actor.role = 'giam_doc';
    const role = await post(admin, url, { intent: 'saveJson', workflowJson: JSON.stringify(json) });
    expect(role.statusCode).toBe(400);
    expect(role.body).toContain(
      'Bước 2 (process): người thực hiện phải là cán bộ một cửa, chuyên viên, lãnh đạo hoặc văn thư',
    );
    const garbled = await post(admin, url, { intent: 'saveJson', workflowJson: '{"start": ' });
    expect(garbled.body).toContain('Nội dung JSON không đọc được');

    // Numbers that cannot be read never reach the service.
    const money = structuredClone(form);
    (money.fees[0] as { amount: string }).amount = '50 nghìn';
    const amount = await post(admin, url, { ...fieldsOf(money), intent: 'save' });
    expect(amount.body).toContain('Khoản thu 1: nhập một số hợp lệ');
    const paper = structuredClone(form);
    Object.assign(paper.components[0] as object, { originals: '0', copies: '0', registryKind: '' });
    const source = await post(admin, url, { ...fieldsOf(paper), intent: 'save' });
    expect(source.body).toContain(
      'Thành phần hồ sơ 1: giấy tờ phải nộp bản chính, bản sao hoặc khai thác từ cơ sở dữ liệu',
    );

    const after = await stored(2);
    expect(after.workflow).toEqual(before.workflow);
    expect(after.updated_at).toEqual(before.updated_at);
    expect(await countRows(t.database.db, ['audit_log', 'procedure_versions'])).toEqual(audit);
  });

  it('saves a corrected draft and publishes it', async () => {
    const url = `/quan-tri/thu-tuc/${procedureId}/phien-ban/2`;
    const form = await draftForm(2);
    // A 6-hour procedure: the extra two hours go to the specialist's step; a fee in VND with thousands dots.
    form.deadline = '6';
    (form.steps[1] as { duration: string }).duration = '3';
    (form.steps[1] as { name: string }).name = 'Công chức tư pháp – hộ tịch thẩm định hồ sơ';
    (form.fees[0] as { amount: string }).amount = '8.000';
    const saved = await post(admin, url, { ...fieldsOf(form), intent: 'save' });
    expect(saved.statusCode, saved.body.match(/error-summary__list">(.*?)<\/ul>/)?.[1]).toBe(302);
    expect(saved.headers.location).toBe(`${url}?thongbao=draftSaved`);
    const row = await stored(2);
    expect(row.deadline_working_hours).toBe(6);
    expect((row.workflow as { steps: { duration: unknown; name: string }[] }).steps[1]).toMatchObject({
      duration: { workingHours: 3 },
      name: 'Công chức tư pháp – hộ tịch thẩm định hồ sơ',
    });
    const fee = await t.database.db
      .selectFrom('procedure_fees')
      .select('amount')
      .where('procedure_id', '=', procedureId)
      .where('version', '=', 2)
      .executeTakeFirstOrThrow();
    expect(Number(fee.amount)).toBe(8000);

    const published = await post(admin, url, { intent: 'publish' });
    expect(published.statusCode).toBe(302);
    expect(published.headers.location).toBe(`/quan-tri/thu-tuc/${procedureId}?thongbao=published`);
    const procedure = await t.database.db
      .selectFrom('procedures')
      .select('current_version')
      .where('id', '=', procedureId)
      .executeTakeFirstOrThrow();
    expect(procedure.current_version).toBe(2);
    expect((await stored(1)).status).toBe('retired');
    const page = await get(admin, `/quan-tri/thu-tuc/${procedureId}?thongbao=published`);
    expect(page.body).toContain('Đã công bố phiên bản');
    expect(page.body).toContain('Đã thay thế');
    expect(page.body).toContain('Ngày thôi áp dụng');

    // Published now: the page is read-only and a save is refused as a conflict.
    const late = await post(admin, url, { ...fieldsOf(form), intent: 'save' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Phiên bản này đã công bố hoặc đã thay thế nên không sửa được');
  });

  it('creates a procedure with a draft first version and a model workflow, refusing bad input first', async () => {
    const form = await get(admin, '/quan-tri/thu-tuc/them');
    expect(form.statusCode).toBe(200);
    const province = await t.database.db
      .selectFrom('units')
      .select('id')
      .where('parent_id', 'is', null)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    expect(form.body).toContain(`value="${province.id}"`);
    const good = {
      unitId: province.id,
      nationalCode: '1.999001',
      code: '1.999001.000.00.00.H38',
      name: 'Xác nhận thử nghiệm của quản trị',
      fieldCode: 'HO_TICH',
      decidingLevel: 'commune',
      receivingLevel: 'commune',
      onlineLevel: 'partial',
      deadline: '3',
      deadlineUnit: 'workingDays',
      resultKind: 'confirmation',
      resultName: 'Giấy xác nhận',
      legalBasis: 'Luật Hộ tịch số 60/2014/QH13',
    };
    const before = await countRows(t.database.db, ['procedures', 'procedure_versions', 'audit_log']);
    const short = await post(admin, '/quan-tri/thu-tuc/them', { ...good, deadline: '1', resultName: ' ' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Thời hạn là số nguyên: 2–365 ngày làm việc');
    expect(short.body).toContain('Nhập tên kết quả');
    const codes = await post(admin, '/quan-tri/thu-tuc/them', { ...good, code: '1.000001.000.00.00.H38' });
    expect(codes.statusCode).toBe(400);
    expect(codes.body).toContain('bắt đầu bằng mã quốc gia');
    const district = await post(admin, '/quan-tri/thu-tuc/them', { ...good, decidingLevel: 'district' });
    expect(district.statusCode).toBe(400);
    expect(district.body).toContain('không còn trong cây đơn vị hành chính');
    expect(await post(desk, '/quan-tri/thu-tuc/them', good).then((r) => r.statusCode)).toBe(403);
    expect(await countRows(t.database.db, ['procedures', 'procedure_versions', 'audit_log'])).toEqual(before);

    const created = await post(admin, '/quan-tri/thu-tuc/them', good);
    expect(created.statusCode).toBe(302);
    const match = /^\/quan-tri\/thu-tuc\/([0-9a-f-]{36})\/phien-ban\/1\?thongbao=procedureCreated$/.exec(
      String(created.headers.location),
    );
    expect(match).not.toBeNull();
    const id = match?.[1] as string;
    const page = await get(admin, String(created.headers.location));
    expect(page.body).toContain('Đã tạo thủ tục với phiên bản 1');
    expect(page.body).toContain('value="tham-dinh"');
    // Not in force yet, so not in the catalogue's search: listed apart for its administrators only.
    const drafts = await get(admin, '/quan-tri/thu-tuc');
    expect(drafts.body).toContain('Thủ tục chưa công bố');
    expect(drafts.body).toContain(`href="/quan-tri/thu-tuc/${id}"`);
    expect((await get(communeAdmin, '/quan-tri/thu-tuc')).body).not.toContain(`href="/quan-tri/thu-tuc/${id}"`);
    // The model workflow passes the validator as it is: publishing it works.
    const published = await post(admin, `/quan-tri/thu-tuc/${id}/phien-ban/1`, { intent: 'publish' });
    expect(published.statusCode).toBe(302);
    const list = await get(admin, '/quan-tri/thu-tuc?q=xac+nhan+thu+nghiem');
    expect(list.body).toContain('Xác nhận thử nghiệm của quản trị');
    const again = await post(admin, '/quan-tri/thu-tuc/them', good);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Giá trị này đã được sử dụng');
  });
});
