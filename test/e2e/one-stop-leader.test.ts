import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows } from '../../test/support/auth.ts';
import { type ManualClock, manualClock } from '../../src/platform/clock.ts';
import {
  DossierApi,
  agencyOfKind,
  applicant,
  createStaff,
  headersFor,
  ok,
  pdfBytes,
  procedureByNationalCode,
  unitByCode,
} from '../../src/modules/dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../../src/modules/dossiers/dossiers.schema.ts';
import { hashPassword } from '../../src/modules/people/passwords.ts';
import { axeFindings, expectAccessible, launchBrowser, newPage, signIn } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';

/**
 * The leader's and the specialist's side of the one-stop workspace: assigning and reassigning a dossier, bulk
 * assignment without JavaScript, the overdue list, inline previews of a PDF and an image, and two people acting on
 * the same dossier at once (the second is told it was just moved, and nothing of theirs is recorded).
 */

let server: WebServer;
let browser: Browser;
let clock: ManualClock;
let dossiers: TDossierDetail[];
const ids: Record<string, string> = {};

/** A real 2×2 PNG (the fixtures' PNG is only a signature), so the browser can decode and show it. */
function realPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.from([0, 200, 16, 46, 200, 16, 46, 0, 200, 16, 46, 200, 16, 46]);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  // Business time is a fixed Monday morning, so due times and "overdue" are known; sessions keep real time.
  clock = manualClock('2026-03-02T08:00:00+07:00');
  server.app.platform.clock = clock;
  const db = server.database.db;
  const ward = await unitByCode(db, '02647', '2026-03-02');
  const committee = await agencyOfKind(db, ward.id, 'people_committee');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [username, fullName, role] of [
    ['cv1.lanhdao.e2e', 'Lý Văn Một', 'specialist'],
    ['cv2.lanhdao.e2e', 'Lý Thị Hai', 'specialist'],
    ['ld.lanhdao.e2e', 'Sùng A Lãnh', 'leader'],
  ] as const) {
    ids[username] = await createStaff(db, { username, fullName, unitId: ward.id, agencyId: committee.id, role });
    await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', ids[username]).execute();
  }
  const desk = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'motcua.phuonglaocai')
    .executeTakeFirstOrThrow();
  const deskHeaders = await headersFor(server.app, db, desk.id);
  const api = new DossierApi(server.app);
  const birth = await procedureByNationalCode(db, '1.001193');
  const [first, ...others] = birth.requiredComponents;
  dossiers = [];
  for (const [i, name] of ['Chảo Thị Một', 'Chảo Văn Hai', 'Chảo Thị Ba', 'Chảo Văn Bốn'].entries()) {
    const received = ok(
      await api.counter(deskHeaders, {
        procedureId: birth.id,
        receivingUnitId: ward.id,
        applicant: applicant(name, `01019600440${i}`),
        components: [
          {
            code: first?.code,
            files: [
              { filename: 'to-khai.pdf', contentType: 'application/pdf', data: pdfBytes('tờ khai').toString('base64') },
              { filename: 'giay-chung-sinh.png', contentType: 'image/png', data: realPng().toString('base64') },
            ],
          },
          ...others,
        ],
        fees: birth.fees,
        feesPaid: true,
      }),
      201,
    );
    dossiers.push(await api.step(deskHeaders, received, { action: 'forward' }));
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const assigneeOf = async (id: string) =>
  (await server.database.db.selectFrom('dossiers').select('assignee_id').where('id', '=', id).executeTakeFirstOrThrow())
    .assignee_id;

/** Opens an action's form with the keyboard, lets `fill` complete it, and confirms it with the keyboard. */
async function act(page: Page, action: string, fill?: (form: ReturnType<Page['locator']>) => Promise<unknown>) {
  const summary = page.locator('summary', { hasText: action });
  await summary.focus();
  await page.keyboard.press('Enter');
  const form = page.locator('details[open]', { has: summary });
  await fill?.(form);
  const confirm = form.getByRole('button', { name: `Xác nhận: ${action}` });
  await confirm.focus();
  await Promise.all([page.waitForURL(/da-xu-ly=|\/ho-so\/[^?]+$/), page.keyboard.press('Enter')]);
}

describe('the leader’s and specialist’s one-stop workspace', () => {
  test('a leader assigns, reassigns, bulk-assigns without JavaScript and sees the overdue list', async () => {
    const [a, b, c] = dossiers as [TDossierDetail, TDossierDetail, TDossierDetail];
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await signIn(page, 'ld.lanhdao.e2e', DEMO_PASSWORD, '/mot-cua');
      await expectAccessible(page);
      await page.getByRole('link', { name: a.code }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(a.code);
      await act(page, 'Phân công xử lý', (form) => form.getByLabel('Cán bộ').selectOption({ label: 'Lý Thị Hai' }));
      await expect.poll(() => page.locator('.summary-list').textContent()).toContain('Lý Thị Hai');
      expect(await assigneeOf(a.id)).toBe(ids['cv2.lanhdao.e2e']);
      await act(page, 'Phân công xử lý', (form) => form.getByLabel('Cán bộ').selectOption({ label: 'Lý Văn Một' }));
      await expect.poll(() => page.locator('.summary-list').textContent()).toContain('Lý Văn Một');
      expect(await assigneeOf(a.id)).toBe(ids['cv1.lanhdao.e2e']);
      expect(await page.locator('.timeline').textContent()).toContain('Giao cho: Lý Thị Hai');
      expect(await page.locator('.timeline').textContent()).toMatch(/Hạn của bước: \d{2}:\d{2} \d{2}\/\d{2}\/2026/);
    } finally {
      await context.close();
    }

    // Bulk assignment works with plain HTML forms: the row checkboxes belong to the bulk form.
    const plain = await newPage(browser, server.baseUrl, { javaScriptEnabled: false });
    try {
      await signIn(plain.page, 'ld.lanhdao.e2e', DEMO_PASSWORD, '/mot-cua');
      const before = await countRows(server.database.db, ['dossier_actions']);
      await plain.page.getByLabel(`Chọn hồ sơ ${b.code}`).check();
      await plain.page.getByLabel(`Chọn hồ sơ ${c.code}`).check();
      await plain.page.getByLabel('Thao tác', { exact: true }).selectOption({ label: 'Phân công xử lý' });
      await plain.page
        .getByLabel('Giao cho cán bộ (khi phân công)')
        .selectOption({ value: ids['cv2.lanhdao.e2e'] as string });
      await plain.page.getByRole('button', { name: 'Thực hiện với các hồ sơ đã chọn' }).click();
      const results = plain.page.locator('.bulk-results');
      await expect.poll(() => results.textContent()).toContain('Đã thực hiện 2 hồ sơ, không thực hiện 0 hồ sơ.');
      expect(await results.textContent()).toContain(`${b.code}: Đã thực hiện: Phân công xử lý`);
      expect(await assigneeOf(b.id)).toBe(ids['cv2.lanhdao.e2e']);
      expect(await assigneeOf(c.id)).toBe(ids['cv2.lanhdao.e2e']);
      expect(await countRows(server.database.db, ['dossier_actions'])).toEqual({
        dossier_actions: (before.dossier_actions ?? 0) + 2,
      });
      // Nothing ticked: a message by the table, nothing recorded.
      await plain.page.getByLabel('Thao tác', { exact: true }).selectOption({ label: 'Chuyển bước tiếp theo' });
      await plain.page.getByRole('button', { name: 'Thực hiện với các hồ sơ đã chọn' }).click();
      await expect.poll(() => plain.page.locator('.error-summary').textContent()).toContain('Chọn ít nhất một hồ sơ');
      expect(await countRows(server.database.db, ['dossier_actions'])).toEqual({
        dossier_actions: (before.dossier_actions ?? 0) + 2,
      });

      // Two working days later everything is overdue: the overdue tab lists them, the latest first.
      clock.set('2026-03-04T10:00:00+07:00');
      await plain.page.getByRole('link', { name: 'Quá hạn', exact: true }).click();
      await plain.page.waitForURL(/timeLeft=overdue/);
      expect(await plain.page.getByRole('link', { name: 'Quá hạn', exact: true }).getAttribute('aria-current')).toBe(
        'page',
      );
      const rows = await plain.page.locator('table.queue tbody tr').allTextContents();
      expect(rows.length).toBeGreaterThanOrEqual(4);
      const ours = rows.filter((r) => dossiers.some((d) => r.includes(d.code)));
      expect(ours).toHaveLength(4);
      expect(ours.every((r) => /Quá hạn/.test(r) && /Trễ \d/.test(r))).toBe(true);
    } finally {
      await plain.context.close();
    }
  });

  test('a specialist previews a PDF and an image inline', async () => {
    const [a] = dossiers as [TDossierDetail];
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await signIn(page, 'cv1.lanhdao.e2e', DEMO_PASSWORD, `/mot-cua/ho-so/${a.id}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(a.code);
      const image = page.locator('summary', { hasText: 'Xem trước: giay-chung-sinh.png' });
      await image.focus();
      await page.keyboard.press('Enter');
      const img = page.getByRole('img', { name: 'Xem trước: giay-chung-sinh.png' });
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(2);
      const pdfResponse = page.waitForResponse(
        (r) => r.url().includes('?inline=true') && r.request().resourceType() !== 'image',
      );
      const pdf = page.locator('summary', { hasText: 'Xem trước: to-khai.pdf' });
      await pdf.focus();
      await page.keyboard.press('Enter');
      const response = await pdfResponse;
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
      expect(response.headers()['content-disposition']).toMatch(/^inline;/);
      expect(response.headers()['x-content-type-options']).toBe('nosniff');
      expect(await page.locator('iframe[title="Xem trước: to-khai.pdf"]').count()).toBe(1);
      expect(await page.getByRole('link', { name: /tải về: to-khai\.pdf/ }).count()).toBe(1);
      await expectAccessible(page);
      // An internal note, written and shown at once; the dossier's version does not move.
      const versionOf = async () =>
        (
          await server.database.db
            .selectFrom('dossiers')
            .select('version')
            .where('id', '=', a.id)
            .executeTakeFirstOrThrow()
        ).version;
      const version = await versionOf();
      await page.getByLabel('Ghi chú mới').fill('Đã đối chiếu giấy chứng sinh với bản chính.');
      await Promise.all([page.waitForURL(/ghi-chu=1/), page.getByRole('button', { name: 'Thêm ghi chú' }).click()]);
      await expect
        .poll(() => page.locator('section[aria-labelledby="notes-title"]').textContent())
        .toContain('Đã đối chiếu giấy chứng sinh với bản chính.');
      expect(await versionOf()).toBe(version);
    } finally {
      await context.close();
    }
  });

  test('two people act on one dossier at once: the second is told it just moved, and one action is recorded', async () => {
    const d = dossiers[3] as TDossierDetail;
    const assignee = await assigneeOf(d.id);
    const specialistName = assignee === ids['cv1.lanhdao.e2e'] ? 'cv1.lanhdao.e2e' : 'cv2.lanhdao.e2e';
    const leader = await newPage(browser, server.baseUrl);
    const specialist = await newPage(browser, server.baseUrl);
    try {
      await signIn(leader.page, 'ld.lanhdao.e2e', DEMO_PASSWORD, `/mot-cua/ho-so/${d.id}`);
      await signIn(specialist.page, specialistName, DEMO_PASSWORD, `/mot-cua/ho-so/${d.id}`);
      const before = await countRows(server.database.db, ['dossier_actions', 'audit_log']);
      await act(specialist.page, 'Chuyển bước tiếp theo');
      await expect.poll(() => specialist.page.getByRole('status').first().textContent()).toContain('Đã thực hiện');
      // The leader's page still shows the old version; their assignment is refused and the page refreshed.
      await act(leader.page, 'Phân công xử lý', (form) =>
        form.getByLabel('Cán bộ').selectOption({ label: 'Lý Thị Hai' }),
      );
      await expect
        .poll(() => leader.page.locator('.error-summary').textContent())
        .toContain('Hồ sơ vừa được người khác xử lý nên thao tác của bạn chưa được thực hiện');
      expect(await leader.page.locator('.timeline').textContent()).toContain('Chuyển bước tiếp theo');
      const after = await countRows(server.database.db, ['dossier_actions', 'audit_log']);
      expect(after.dossier_actions).toBe((before.dossier_actions ?? 0) + 1);
      expect(after.audit_log).toBe((before.audit_log ?? 0) + 1);
      expect(await assigneeOf(d.id)).not.toBe(ids['cv2.lanhdao.e2e']);
    } finally {
      await leader.context.close();
      await specialist.context.close();
    }
  });

  test('the queue works with the keyboard alone, each focus stop visibly marked', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await signIn(page, 'ld.lanhdao.e2e', DEMO_PASSWORD, '/mot-cua?q=chao');
      await page.goto('/mot-cua?q=chao');
      // The first Tab reaches the skip link, and Enter takes focus past the header into the content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toContain('skip-link');
      await page.keyboard.press('Enter');
      type Stop = { name: string | null; text: string; visible: boolean };
      const stops: Stop[] = [];
      const tabTo = async (done: (stop: Stop) => boolean) => {
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab');
          const stop = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement;
            const style = getComputedStyle(el);
            return {
              name: el.getAttribute('name'),
              text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60),
              // Our focus marks: a yellow outline, or (links) a yellow background with an underline shadow.
              visible:
                (style.outlineStyle !== 'none' && style.outlineColor === 'rgb(255, 221, 0)') ||
                style.backgroundColor === 'rgb(255, 221, 0)',
            };
          });
          stops.push(stop);
          if (done(stop)) return;
        }
        throw new Error(`not reached: ${JSON.stringify(stops.slice(-5))}`);
      };
      // Tabs, filters, then the first row's checkbox: ticked with Space.
      await tabTo((s) => s.name === 'pick');
      expect(stops.some((s) => s.text === 'Quá hạn')).toBe(true);
      expect(stops.some((s) => s.name === 'q')).toBe(true);
      await page.keyboard.press('Space');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
      await tabTo((s) => s.name === 'bulkAction');
      await page.locator(':focus').selectOption({ label: 'Phân công xử lý' });
      await tabTo((s) => s.name === 'assigneeId');
      await page.locator(':focus').selectOption({ value: ids['cv1.lanhdao.e2e'] as string });
      await tabTo((s) => s.text === 'Thực hiện với các hồ sơ đã chọn');
      expect(stops.filter((s) => !s.visible)).toEqual([]);
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('.bulk-results').textContent())
        .toMatch(/Đã thực hiện 1 hồ sơ|không thực hiện 1/);
    } finally {
      await context.close();
    }
  });

  test.each([1280, 360])('the queue and a dossier page pass axe at %i px', async (width) => {
    const { context, page } = await newPage(browser, server.baseUrl, { width, height: 800 });
    try {
      await signIn(page, 'ld.lanhdao.e2e', DEMO_PASSWORD, '/mot-cua');
      for (const path of ['/mot-cua', '/mot-cua?timeLeft=overdue', `/mot-cua/ho-so/${dossiers[0]?.id}`]) {
        await page.goto(path);
        await page.locator('details.file-preview').evaluateAll((all) => {
          for (const el of all) el.setAttribute('open', '');
        });
        expect(await axeFindings(page), path).toEqual([]);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scroll, path).toBeLessThanOrEqual(width);
      }
      // The bulk form refused (nothing ticked), then its results page.
      await page.goto('/mot-cua');
      const submit = page.getByRole('button', { name: 'Thực hiện với các hồ sơ đã chọn' });
      await page.getByLabel('Thao tác', { exact: true }).selectOption({ label: 'Chuyển bước tiếp theo' });
      await submit.click();
      await page.locator('.error-summary').waitFor();
      expect(await axeFindings(page), 'bulk refused').toEqual([]);
      await page.getByLabel(`Chọn hồ sơ ${dossiers[0]?.code}`).check();
      await page.getByLabel('Thao tác', { exact: true }).selectOption({ label: 'Chuyển bước tiếp theo' });
      await submit.click();
      await page.locator('.bulk-results').waitFor();
      expect(await axeFindings(page), 'bulk results').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
