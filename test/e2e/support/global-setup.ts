import { existsSync } from 'node:fs';
import { webBuildExists } from '../../../src/platform/http/web.ts';
import { CHROMIUM_PATH } from './browser.ts';

/** Fails fast, saying what to do, when the web build or the browser is missing. */
export default function setup(): void {
  if (!webBuildExists()) {
    throw new Error('The web UI is not built: run `npm run build` before the browser journeys.');
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium).`);
  }
}
