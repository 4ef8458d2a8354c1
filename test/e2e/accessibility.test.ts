import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type AxeFinding, axeFindings, launchBrowser, newPage, signIn, signOut } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';

let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function idOf(
  table: 'units' | 'agencies' | 'users',
  column: 'code' | 'username',
  value: string,
): Promise<string> {
  const row = await server.database.db
    .selectFrom(table as 'units')
    .select('id')
    .where(column as 'code', '=', value)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Runs axe on each page and also checks nothing overflows sideways on a 360 px screen. */
async function audit(page: Page, paths: readonly string[], findings: AxeFinding[], overflow: string[]): Promise<void> {
  for (const path of paths) {
    await page.goto(path);
    findings.push(...(await axeFindings(page)));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > (page.viewportSize()?.width ?? 0)) overflow.push(`${path}: ${width}px`);
  }
}

test.each([
  { width: 1280, label: 'desktop' },
  { width: 360, label: 'phone (360 px)' },
])('every page passes axe (WCAG 2.1 A/AA, no serious or critical issue) on $label', async ({ width }) => {
  const findings: AxeFinding[] = [];
  const overflow: string[] = [];
  const { context, page } = await newPage(browser, server.baseUrl, { width, height: 800 });
  try {
    await audit(
      page,
      [
        '/',
        '/dang-nhap',
        '/quen-mat-khau',
        '/quen-mat-khau?da-gui=1',
        '/dat-lai-mat-khau?token=abc',
        '/khong-co-trang-nay',
      ],
      findings,
      overflow,
    );

    // The public pages, anonymous: the catalogue, a procedure, the lookup (found, verified, refused digits, unknown).
    const dossier = await server.database.db
      .selectFrom('dossiers')
      .select(['code', 'applicant_phone'])
      .where('received_at', 'is not', null)
      .where('applicant_phone', 'is not', null)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const procedure = await server.database.db
      .selectFrom('procedures')
      .select('id')
      .where('national_code', '=', '1.001193')
      .executeTakeFirstOrThrow();
    const lookup = `/tra-cuu/${encodeURIComponent(dossier.code)}`;
    const digits = String(dossier.applicant_phone).slice(-4);
    const wrongDigits = digits === '9999' ? '1111' : '9999';
    await audit(
      page,
      [
        '/thu-tuc',
        '/thu-tuc?q=dang+ky+khai+sinh&level=commune',
        '/thu-tuc?q=khong+co+thu+tuc+nay',
        `/thu-tuc/${procedure.id}`,
        '/tra-cuu',
        '/tra-cuu?ma=',
        lookup,
        `${lookup}?verify=${digits}`,
        `${lookup}?verify=${wrongDigits}`,
        '/tra-cuu/KHONG-CO-MA-NAY',
      ],
      findings,
      overflow,
    );

    // Error states: the summary, the messages by the fields.
    await page.goto('/dang-nhap');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('.error-summary').waitFor();
    findings.push(...(await axeFindings(page)));

    await signIn(page, 'quantri', DEMO_PASSWORD);
    const ward = await idOf('units', 'code', '02647');
    const oldCity = await idOf('units', 'code', '080');
    const agency = await idOf('agencies', 'code', '000.00.03.H38');
    const officer = await idOf('users', 'username', 'motcua.phuonglaocai');
    await audit(
      page,
      [
        '/quan-tri',
        '/quan-tri/don-vi',
        '/quan-tri/don-vi?q=lao+cai&all=true',
        `/quan-tri/don-vi/${ward}`,
        `/quan-tri/don-vi/${oldCity}`,
        '/quan-tri/don-vi/them',
        `/quan-tri/don-vi/${ward}/sua`,
        '/quan-tri/co-quan',
        `/quan-tri/co-quan/${agency}`,
        '/quan-tri/co-quan/them',
        `/quan-tri/co-quan/${agency}/sua`,
        '/quan-tri/nguoi-dung',
        `/quan-tri/nguoi-dung/${officer}`,
        '/quan-tri/nguoi-dung/them',
        `/quan-tri/nguoi-dung/${officer}/sua`,
        '/quan-tri/nguoi-dung/00000000-0000-7000-8000-000000000000',
        '/tai-khoan',
        '/giam-sat',
        `/giam-sat?unitId=${ward}&from=2026-01-01&to=2026-12-31`,
        '/ngon-ngu?lang=en&next=/quan-tri/don-vi',
        '/ngon-ngu?lang=vi&next=/',
      ],
      findings,
      overflow,
    );

    await page.goto('/quan-tri/co-quan/them');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.locator('.error-summary').waitFor();
    findings.push(...(await axeFindings(page)));

    await page.goto('/tai-khoan');
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    await page.getByTestId('totp-secret').waitFor();
    findings.push(...(await axeFindings(page)));
    const enrolWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (enrolWidth > width) overflow.push(`/tai-khoan (TOTP enrolment): ${enrolWidth}px`);

    // The one-stop desk: queue, counter reception (and its refusal), a dossier with its action forms open.
    await signOut(page);
    await signIn(page, 'motcua.phuonglaocai', DEMO_PASSWORD);
    const seeded = await server.database.db
      .selectFrom('dossiers')
      .select(['id', 'procedure_id'])
      .where('receiving_unit_id', '=', ward)
      .orderBy('submitted_at', 'desc')
      .executeTakeFirstOrThrow();
    await audit(
      page,
      [
        '/mot-cua',
        '/mot-cua?q=lao&overdue=true',
        '/mot-cua/tiep-nhan',
        `/mot-cua/tiep-nhan?unitId=${ward}&procedureId=${seeded.procedure_id}`,
        `/mot-cua/ho-so/${seeded.id}`,
      ],
      findings,
      overflow,
    );
    for (const details of await page.locator('details').all())
      await details.evaluate((d) => d.setAttribute('open', ''));
    findings.push(...(await axeFindings(page)));
    await page.goto(`/mot-cua/tiep-nhan?unitId=${ward}&procedureId=${seeded.procedure_id}`);
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.locator('.error-summary').waitFor();
    findings.push(...(await axeFindings(page)));
    const counterWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (counterWidth > width) overflow.push(`/mot-cua/tiep-nhan (refused): ${counterWidth}px`);

    expect(findings).toEqual([]);
    expect(overflow).toEqual([]);
  } finally {
    await context.close();
  }
  // Some sixty pages in one walk: about half a minute on a quiet machine, several on a loaded one.
}, 480_000);
