import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { loadConfig } from '../../config.ts';

/** The stand-in portal inside the platform (DVCQG_SANDBOX=true), as the demo runs it. */
describe('DVCQG sandbox mount', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      dvcqg: { url: undefined, username: 'demo', password: 'demo-pass', agencyCode: '000.00.00.H38', sandbox: true },
    });
  });
  afterAll(() => t.close());

  it('points the sync at the sandbox on loopback when no portal is configured', () => {
    const config = loadConfig({ DVCQG_SANDBOX: 'true', HOST: '0.0.0.0', PORT: '3100', APP_SECRET: 'x'.repeat(32) }, { dataDir: '/tmp/unused' });
    expect(config.dvcqg.url).toBe('http://127.0.0.1:3100/dvcqg-sandbox');
    expect(loadConfig({ APP_SECRET: 'x'.repeat(32) }, { dataDir: '/tmp/unused' }).dvcqg.url).toBeUndefined();
  });

  it('answers sign-in with a session at /dvcqg-sandbox/auth, and refuses wrong credentials', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/dvcqg-sandbox/auth', payload: { username: 'demo', password: 'demo-pass' } });
    expect(ok.json()).toMatchObject({ error_code: 0, session: expect.any(String) });
    const bad = await t.app.inject({ method: 'POST', url: '/dvcqg-sandbox/auth', payload: { username: 'demo', password: 'x' } });
    expect(bad.json().error_code).not.toBe(0);
  });
});
