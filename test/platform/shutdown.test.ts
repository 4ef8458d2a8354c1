import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../support/app.ts';

describe('graceful shutdown', () => {
  it('finishes an in-flight request before the server closes', async () => {
    const t: TestApp = await createTestApp({}, undefined, (app) => {
      app.get('/test/slow', async () => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        return { finished: true };
      });
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/test/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = t.close();
    expect(await inFlight).toEqual({ status: 200, body: { finished: true } });
    await closing;
  });

  it('a running `egov serve` exits cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'egov-serve-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bin/egov.ts', 'serve'], {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 45_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(ready, stderr).toBe(true);
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
  }, 60_000);
});
