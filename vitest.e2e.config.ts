import { defineConfig } from 'vitest/config';

// Browser journeys: Playwright driving Debian Chromium against a real server in this process (one file at a
// time; each file starts its own server on a random port with the Lào Cai demo data). Run after `npm run build`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/support/global-setup.ts', 'test/e2e/support/global-setup.ts'],
  },
});
