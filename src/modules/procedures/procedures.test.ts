import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { seedDemo } from '../../seed/index.ts';
import { readProcedureSeed } from '../../seed/procedures.ts';
import type { TProcedureSummary } from './procedures.schema.ts';

/** Reading the catalogue: search, filters, pagination, public visibility. */
describe('procedure catalogue API', () => {
  let t: TestApp;
  let provinceId: string;
  let communeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const report = await seedDemo(t.database.db);
    expect(report.procedures).toBe(readProcedureSeed().procedures.length);
    provinceId = (await t.app.inject({ url: '/api/v1/units?kind=province' })).json().items[0].id;
    communeId = (await t.app.inject({ url: '/api/v1/units?q=02647' })).json().items[0].id;
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const response = await t.app.inject({ url: `/api/v1/procedures?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: TProcedureSummary[]; nextCursor: string | null };
  };

  it('finds "Đăng ký khai sinh" typed without diacritics, and by code', async () => {
    const byName = await list(`q=${encodeURIComponent('dang ky khai sinh')}`);
    expect(byName.items.map((p) => p.name)).toContain('Đăng ký khai sinh');
    expect(byName.items.every((p) => p.name.toLowerCase().includes('khai sinh'))).toBe(true);
    const birth = byName.items.find((p) => p.name === 'Đăng ký khai sinh');
    expect(birth).toMatchObject({
      code: '1.001193.000.00.00.H38',
      nationalCode: '1.001193',
      field: { code: 'HO_TICH', name: 'Hộ tịch' },
      decidingLevel: 'commune',
      onlineLevel: 'full',
      deadline: { workingHours: 4 },
      currentVersion: 1,
    });
    const byCode = await list('q=1.000894');
    expect(byCode.items.map((p) => p.name)).toEqual(['Đăng ký kết hôn']);
    const upper = await list(`q=${encodeURIComponent('ĐĂNG KÝ KẾT HÔN')}`);
    expect(upper.items.map((p) => p.name)).toContain('Đăng ký kết hôn có yếu tố nước ngoài');
  });

  it('filters by field, deciding level, online level and unit', async () => {
    const civil = await list('field=HO_TICH&limit=200');
    expect(civil.items.length).toBeGreaterThanOrEqual(10);
    expect(civil.items.every((p) => p.field.code === 'HO_TICH')).toBe(true);
    const province = await list('level=province&limit=200');
    expect(province.items.length).toBeGreaterThan(5);
    expect(province.items.every((p) => p.decidingLevel === 'province')).toBe(true);
    const counter = await list('onlineLevel=none&limit=200');
    expect(counter.items.map((p) => p.nationalCode)).toEqual(expect.arrayContaining(['2.000884']));
    expect(counter.items.every((p) => p.onlineLevel === 'none')).toBe(true);
    const combined = await list('field=HO_TICH&level=province');
    expect(combined.items).toEqual([]);
    // A commune's desk receives what its province publishes for the commune level, not the province's own.
    const inCommune = await list(`unitId=${communeId}&limit=200`);
    const all = await list('limit=200');
    expect(inCommune.items.length).toBeGreaterThan(10);
    expect(inCommune.items.every((p) => p.receivingLevels.includes('commune'))).toBe(true);
    expect(inCommune.items.length).toBe(all.items.filter((p) => p.receivingLevels.includes('commune')).length);
    expect(inCommune.items.length).toBeLessThan(all.items.length);
    const elsewhere = await list(`unitId=01920000-0000-7000-8000-000000000000`);
    expect(elsewhere.items).toEqual([]);
  });

  it('pages through the catalogue with a cursor without repeating or skipping', async () => {
    const total = (await list('limit=200')).items.length;
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: TProcedureSummary[]; nextCursor: string | null } = await list(
        `limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 7));
    const forged = await t.app.inject({ url: '/api/v1/procedures?cursor=bm9wZQ' });
    expect(forged.json().code).toBe('VALIDATION_FAILED');
  });

  it('lists fields with their number of procedures in force', async () => {
    const response = await t.app.inject({ url: '/api/v1/procedure-fields' });
    expect(response.statusCode).toBe(200);
    const civil = response.json().items.find((f: { code: string }) => f.code === 'HO_TICH');
    expect(civil).toMatchObject({ name: 'Hộ tịch' });
    expect(civil.procedureCount).toBe((await list('field=HO_TICH&limit=200')).items.length);
  });

  it('shows one procedure with its version in force: components, fees, deadline and workflow summary', async () => {
    const marriage = (await list('q=1.000894')).items[0];
    const response = await t.app.inject({ url: `/api/v1/procedures/${marriage?.id}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      name: 'Đăng ký kết hôn',
      unitId: provinceId,
      currentVersion: 1,
      versions: [{ version: 1, status: 'published' }],
    });
    expect(body.current.fees).toEqual([expect.objectContaining({ amount: 0, kind: 'charge' })]);
    expect(body.current.components.map((c: { code: string }) => c.code)).toContain('to-khai');
    expect(body.current.components.find((c: { code: string }) => c.code === 'giay-to-tuy-than')).toMatchObject({
      registryKind: 'population',
    });
    expect(body.current.workflowSummary.steps.map((s: { id: string }) => s.id)).toEqual([
      'receive',
      'process',
      'sign',
      'return',
    ]);
    const version = await t.app.inject({ url: `/api/v1/procedures/${marriage?.id}/versions/1` });
    expect(version.statusCode).toBe(200);
    expect(version.json().workflow.start).toBe('receive');
    expect((await t.app.inject({ url: `/api/v1/procedures/${marriage?.id}/versions/9` })).json().code).toBe(
      'NOT_FOUND',
    );
  });

  it('shows transfers between levels in the summary of an inter-level procedure', async () => {
    const land = (await list(`q=${encodeURIComponent('lan dau')}`)).items[0];
    const response = await t.app.inject({ url: `/api/v1/procedures/${land?.id}` });
    const summary = response.json().current.workflowSummary;
    expect(summary).toMatchObject({ crossLevel: true, levels: ['commune', 'province'] });
    expect(summary.steps.map((s: { at: string }) => s.at)).toEqual([
      'receiving_unit',
      'commune',
      'province',
      'commune',
      'receiving_unit',
    ]);
  });

  it('answers NOT_FOUND for an unknown procedure and 400 for a malformed id', async () => {
    expect((await t.app.inject({ url: '/api/v1/procedures/01920000-0000-7000-8000-000000000000' })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: '/api/v1/procedures/nope' })).statusCode).toBe(400);
  });

  it('refuses writes from anonymous callers', async () => {
    const before = await countRows(t.database.db, ['procedures', 'procedure_versions', 'audit_log']);
    const birth = (await list(`q=${encodeURIComponent('dang ky khai sinh')}`)).items[0];
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/v1/procedures/${birth?.id}/versions` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('UNAUTHENTICATED');
    expect(await countRows(t.database.db, ['procedures', 'procedure_versions', 'audit_log'])).toEqual(before);
  });

  it('seeds the catalogue once', async () => {
    const before = await countRows(t.database.db, ['procedures', 'procedure_versions', 'procedure_fields']);
    const again = await seedDemo(t.database.db);
    expect(again.procedures).toBe(0);
    expect(await countRows(t.database.db, ['procedures', 'procedure_versions', 'procedure_fields'])).toEqual(before);
  });
});
