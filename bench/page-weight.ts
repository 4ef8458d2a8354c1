/**
 * `npx tsx bench/page-weight.ts`: the first-load weight of the citizen-facing pages — every byte a browser with an
 * empty cache receives over the wire for one page (the document, stylesheets, scripts, images; compressed as the
 * server sends them) — measured in Debian Chromium through the DevTools protocol (Network.loadingFinished
 * encodedDataLength, which counts what came off the socket for each response). Writes the "Page weight" section of
 * BENCHMARKS.md (the rest of the file is left as it is). Needs `npm run build`.
 *
 * The platform runs in this process on a fresh embedded database with the Lào Cai demo data, as the browser
 * journeys start it (test/e2e/support/server.ts); one dossier is submitted for the demo citizen so their pages have
 * something to show. Target: at most 100 KB a page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { type BrowserContext, chromium } from 'playwright-core';
import { createSession } from '../src/modules/people/sessions.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../src/platform/http/request-context.ts';
import { webBuildExists } from '../src/platform/http/web.ts';
import { PAGE_WEIGHT_HEADING, replaceSection } from './benchmarks-file.ts';
import { DEMO_PASSWORD, startWebServer } from '../test/e2e/support/server.ts';

const TARGET_KB = 100;
/** The one page measured for comparison only: the sign-in page keeps React's bundle (its TOTP step, the staff). */
const COMPARISON = 'Trang không tìm thấy (so sánh: trang còn tải JavaScript)';

type Measured = { path: string; label: string; bytes: number; requests: number; byType: Record<string, number> };

/** Loads one page with the cache disabled and adds up what every response weighed on the wire. */
async function measure(context: BrowserContext, path: string, label: string): Promise<Measured> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const types = new Map<string, string>();
  const byType: Record<string, number> = {};
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests += 1;
    const type = types.get(e.requestId) ?? 'Other';
    byType[type] = (byType[type] ?? 0) + e.encodedDataLength;
  });
  const response = await page.goto(path, { waitUntil: 'networkidle' });
  // The comparison row is a page not found on purpose: a page that keeps the scripts, reachable without signing in.
  if (response?.status() !== (label === COMPARISON ? 404 : 200)) {
    throw new Error(`${path} answered ${response?.status()}`);
  }
  await page.close();
  return { path, label, bytes, requests, byType };
}

async function main(): Promise<void> {
  if (!webBuildExists()) {
    throw new Error('run `npm run build` first');
  }
  const server = await startWebServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'],
  });
  try {
    const db = server.database.db;
    const app = server.app;
    // A dossier of the demo citizen, submitted through the API like the portal does.
    const citizen = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'congdan@example.vn')
      .executeTakeFirstOrThrow();
    const { token } = await createSession(db, { userId: citizen.id, mfaPending: false, ip: null, userAgent: 'bench' });
    const procedure = await db
      .selectFrom('procedures')
      .select(['id', 'current_version'])
      .where('national_code', '=', '1.004873')
      .executeTakeFirstOrThrow();
    const version = procedure.current_version ?? 1;
    const ward = await db
      .selectFrom('units')
      .select('id')
      .where('code', '=', '02647')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const components = await db
      .selectFrom('procedure_components')
      .select('code')
      .where('procedure_id', '=', procedure.id)
      .where('version', '=', version)
      .where('is_required', '=', true)
      .execute();
    const fees = await db
      .selectFrom('procedure_fees')
      .select(['code', 'amount'])
      .where('procedure_id', '=', procedure.id)
      .where('version', '=', version)
      .execute();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n').toString('base64');
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: {
        cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=bench`,
        [CSRF_HEADER]: app.platform.csrf.tokenForBrowser('bench'),
      },
      payload: {
        procedureId: procedure.id,
        receivingUnitId: ward.id,
        applicant: { fullName: 'Giàng A Páo', personalId: '010095001234', phone: '0912345678' },
        components: components.map((c) => ({
          code: c.code,
          files: [{ filename: `${c.code}.pdf`, contentType: 'application/pdf', data: pdf }],
        })),
        fees: fees.map((f) => ({ code: f.code, amount: Number(f.amount) })),
      },
    });
    if (submitted.statusCode !== 201) throw new Error(`submission failed: ${submitted.body}`);
    const dossier = submitted.json() as { id: string; code: string; procedure: { id: string } };

    const results: Measured[] = [];
    // Public pages as a first-time visitor sees them: no cookies.
    const anonymous = await browser.newContext({ baseURL: server.baseUrl, locale: 'vi-VN' });
    for (const [path, label] of [
      ['/', 'Trang chủ'],
      ['/thu-tuc', 'Danh mục thủ tục'],
      [`/thu-tuc/${dossier.procedure.id}`, 'Một thủ tục'],
      ['/tra-cuu', 'Tra cứu hồ sơ'],
      [`/tra-cuu/${encodeURIComponent(dossier.code)}`, 'Kết quả tra cứu'],
      ['/dang-nhap', 'Đăng nhập'],
      ['/dang-ky', 'Đăng ký tài khoản'],
      // For comparison: a page that keeps its scripts, as the staff pages do, i.e. what the React bundle weighs.
      ['/khong-co-trang-nay', COMPARISON],
    ] as const) {
      results.push(await measure(anonymous, path, label));
    }
    await anonymous.close();
    // The citizen's own pages, signed in through the form.
    const signedIn = await browser.newContext({ baseURL: server.baseUrl, locale: 'vi-VN' });
    const login = await signedIn.newPage();
    await login.goto('/dang-nhap?next=/ho-so-cua-toi');
    await login.getByLabel('Tên đăng nhập').fill('congdan@example.vn');
    await login.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      login.waitForURL((url) => url.pathname === '/ho-so-cua-toi'),
      login.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
    await login.close();
    for (const [path, label] of [
      ['/ho-so-cua-toi', 'Hồ sơ của tôi'],
      [`/ho-so-cua-toi/${dossier.id}`, 'Một hồ sơ của tôi'],
      [`/ho-so-cua-toi/${dossier.id}/rut-ho-so`, 'Xác nhận rút hồ sơ'],
      [`/nop-ho-so/bat-dau/${dossier.procedure.id}`, 'Bắt đầu nộp hồ sơ trực tuyến'],
      ['/nop-ho-so/ban-nhap', 'Hồ sơ đang soạn (bản nháp)'],
    ] as const) {
      results.push(await measure(signedIn, path, label));
    }
    await signedIn.close();
    writeSection(results);
  } finally {
    await browser.close();
    await server.close();
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function writeSection(results: readonly Measured[]): void {
  const rows = results.map((r) => {
    const doc = r.byType.Document ?? 0;
    const css = r.byType.Stylesheet ?? 0;
    const js = r.byType.Script ?? 0;
    const other = r.bytes - doc - css - js;
    const verdict = r.label === COMPARISON ? '(not a target)' : r.bytes / 1024 <= TARGET_KB ? 'met' : '**missed**';
    return `| ${r.label} (\`${r.path.replace(/[0-9a-f-]{36}/, ':id').replace(/\/tra-cuu\/.+/, '/tra-cuu/:code')}\`) | ${r.requests} | ${kb(doc)} | ${kb(css)} | ${kb(js)} | ${kb(other)} | **${kb(r.bytes)}** | ${verdict} |`;
  });
  const section = `${PAGE_WEIGHT_HEADING}

Written by \`npx tsx bench/page-weight.ts\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} cores, Node
${process.version}, Chromium from Debian). Each page is loaded once with the browser cache disabled; the figure is
every response's size on the wire as Chromium's DevTools protocol reports it (\`Network.loadingFinished\`
\`encodedDataLength\`: headers and body, compressed as served). Public pages as an anonymous visitor; the
citizen's pages signed in as the demo citizen with one submitted dossier. Target: at most ${TARGET_KB} KB a page.

| page | requests | document KB | CSS KB | JS KB | other KB | total KB | ≤ ${TARGET_KB} KB |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

What makes these figures: pages are rendered on the server and work without JavaScript, so the public and
citizen pages (sign-in, registration, the submission's question pages) do not load the React bundle at all (route
\`handle = NO_SCRIPTS\`, src/web/lib/hydration.ts); only the upload page of the submission keeps it, for the upload
progress bar. The comparison row (a page not found) shows what the bundle costs a page that keeps it, as the staff
pages do (React 19 and React Router
alone are about 100 KB compressed; both languages' dictionaries ride along, about 20 KB more — splitting them per
language is left to do). HTML is compressed on the fly (Brotli or gzip, as the browser accepts) and the stylesheet and scripts
are served from Brotli/gzip files written at build time (vite.config.ts). Before these changes (2026-11-27) every
one of these pages weighed 456–493 KB: nothing was compressed and each page loaded the whole 435 KB bundle.
`;
  let current = '';
  try {
    current = readFileSync('BENCHMARKS.md', 'utf8');
  } catch {
    current = '# Benchmarks\n';
  }
  writeFileSync('BENCHMARKS.md', replaceSection(current, section));
  console.log(section);
}

await main();
