import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './platform/db/database.ts';
import { ERROR_CODES } from './platform/errors.ts';
import { translate } from './platform/i18n/index.ts';

const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs');
export const OPENAPI_FILE = path.join(DOCS_DIR, 'openapi.json');
export const ERRORS_FILE = path.join(DOCS_DIR, 'errors.md');

/** docs/errors.md: every stable error code with its HTTP status, meaning and the messages people see. */
export function generateErrorCatalogue(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, { status, description }]) =>
      `| \`${code}\` | ${status} | ${description.replaceAll('|', '\\|')} | ${translate('vi', `errors.${code}`)} |`,
  );
  return [
    '# Error codes',
    '',
    'Generated from `src/platform/errors.ts` by `npm run egov -- openapi`; do not edit by hand.',
    '',
    'Every refusal is answered as `application/problem+json` (RFC 9457) with these members: `type`, `title` (in the',
    "caller's language), `status`, `code` (below, stable), `instance`, `requestId` (also in the `x-request-id` header",
    'and every log line), plus code-specific details such as `issues` for `VALIDATION_FAILED`. Unexpected failures',
    'answer a bare 500 with code `INTERNAL` and are logged in full under the same request id.',
    '',
    '| code | HTTP | meaning | Vietnamese message |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** The OpenAPI document as the running app serves it, built on a throwaway in-memory database. */
export async function generateOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'egov-openapi-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'false', RUN_WORKERS: 'false' }, { dataDir, appSecret: 'x'.repeat(40) });
  const database = await openDatabase({ dataDir: 'memory://' });
  const app = await buildApp(config, { database, logger: false });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}

/** Writes docs/openapi.json and docs/errors.md, or with `check` reports whether both are current. */
export async function writeOpenApi(check: boolean): Promise<boolean> {
  const files = [
    { file: OPENAPI_FILE, content: await generateOpenApi() },
    { file: ERRORS_FILE, content: generateErrorCatalogue() },
  ];
  let current = true;
  for (const { file, content } of files) {
    let onDisk = '';
    try {
      onDisk = readFileSync(file, 'utf8');
    } catch {
      // not written yet
    }
    if (onDisk !== content) {
      current = false;
      if (!check) {
        writeFileSync(file, content);
      }
    }
  }
  return check ? current : true;
}
