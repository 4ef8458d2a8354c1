import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { seedDemo } from '../../seed/index.ts';
import { DossierApi, expectProjectionMatchesLog, headersFor, ok } from './dossiers.fixtures.ts';
import type { TDossierSummary } from './dossiers.schema.ts';

/** The demo dossiers: made through the services, in several states, seeded once. */
describe('demo dossiers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are seeded in several states, each a consistent log, and only once', async () => {
    const report = await seedDemo(t.database.db, { blobs: t.app.platform.blobs });
    expect(report.dossiers).toBe(8);
    const rows = await t.database.db.selectFrom('dossiers').select(['id', 'status']).execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(['returned', 'result_ready', 'in_progress', 'received', 'submitted', 'supplement_requested']),
    );
    for (const row of rows) {
      await expectProjectionMatchesLog(t.database.db, row.id);
    }
    const before = await countRows(t.database.db, ['dossiers', 'dossier_actions']);
    expect((await seedDemo(t.database.db, { blobs: t.app.platform.blobs })).dossiers).toBe(0);
    expect(await countRows(t.database.db, ['dossiers', 'dossier_actions'])).toEqual(before);
  });

  it('fill the work queues of the demo staff', async () => {
    const api = new DossierApi(t.app);
    const id = async (username: string) =>
      (await t.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
        .id;
    const deskHeaders = await headersFor(t.app, t.database.db, await id('motcua.phuonglaocai'));
    const desk = ok<{ items: TDossierSummary[] }>(await api.list(deskHeaders));
    expect(desk.items.map((d) => d.status).sort()).toEqual([
      'received',
      'result_ready',
      'submitted',
      'supplement_requested',
    ]);
    // Most urgent first, and a cursor walks the same list one by one.
    const keys = desk.items.map((d) => d.dueAt ?? d.submittedAt);
    expect([...keys].sort()).toEqual(keys);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: TDossierSummary[]; nextCursor: string | null } = ok(
        await api.list(deskHeaders, `limit=1${cursor ? `&cursor=${cursor}` : ''}`),
      );
      walked.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(desk.items.map((d) => d.id));
    const specialist = ok<{ items: TDossierSummary[] }>(
      await api.list(await headersFor(t.app, t.database.db, await id('chuyenvien.tuphap')), 'assignee=me'),
    );
    expect(specialist.items).toHaveLength(1);
    const leader = ok<{ items: TDossierSummary[] }>(
      await api.list(await headersFor(t.app, t.database.db, await id('lanhdao.tuphap')), 'overdue=true'),
    );
    expect(leader.items.map((d) => d.overdue)).toEqual([true]);
  });
});
