import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { seedDemo } from '../../seed/index.ts';
import { readProcedureSeed } from '../../seed/procedures.ts';
import type { TProcedureSummary, TProcedureVersion } from './procedures.schema.ts';
import { treeOf } from './procedures.service.ts';
import { agencyCodesOf } from './version-content.ts';
import { mainPath, validateWorkflow } from './workflow.ts';

/** The demo catalogue as stored: real procedures of the two-level government, each with a workflow that holds. */
describe('seeded procedure catalogue', () => {
  let t: TestApp;
  let provinceId: string;
  let versions: TProcedureVersion[];
  let summaries: TProcedureSummary[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    provinceId = (await t.app.inject({ url: '/api/v1/units?kind=province' })).json().items[0].id;
    summaries = (await t.app.inject({ url: '/api/v1/procedures?limit=200' })).json().items;
    versions = await Promise.all(
      summaries.map(
        async (p) => (await t.app.inject({ url: `/api/v1/procedures/${p.id}/versions/1` })).json() as TProcedureVersion,
      ),
    );
  });
  afterAll(() => t.close());

  it('publishes every procedure of the seed file, at least 30, most at commune level', () => {
    const seed = readProcedureSeed();
    expect(summaries.length).toBe(seed.procedures.length);
    expect(summaries.length).toBeGreaterThanOrEqual(30);
    const count = (level: string) => summaries.filter((p) => p.decidingLevel === level).length;
    expect(count('commune')).toBeGreaterThan(count('province'));
    expect(count('commune') + count('province')).toBe(summaries.length);
    expect(new Set(summaries.map((p) => p.code)).size).toBe(summaries.length);
    expect(summaries.every((p) => p.code.endsWith('.000.00.00.H38'))).toBe(true);
  });

  it('gives every workflow a clean bill against the tree in force, with step durations adding up to the deadline', async () => {
    for (const version of versions) {
      const tree = await treeOf(t.database.db, provinceId, agencyCodesOf(version.workflow));
      expect([...tree.levels].sort()).toEqual(['commune', 'province']);
      const problems = validateWorkflow(
        version.workflow,
        { deadline: version.deadline, decidingLevel: version.decidingLevel },
        tree,
      );
      expect(problems, `${version.procedureId}: ${JSON.stringify(problems)}`).toEqual([]);
      const total = mainPath(version.workflow).reduce(
        (sum, step) => sum + ('workingDays' in step.duration ? step.duration.workingDays : step.duration.workingHours),
        0,
      );
      expect(total).toBe(
        'workingDays' in version.deadline ? version.deadline.workingDays : version.deadline.workingHours,
      );
    }
  });

  it('routes at least three procedures between commune and province and back, by explicit transfers', () => {
    const interLevel = versions.filter((v) => v.workflowSummary.crossLevel);
    expect(interLevel.length).toBeGreaterThanOrEqual(3);
    for (const version of interLevel) {
      const places = version.workflowSummary.steps.map((s) => s.at);
      expect(places).toContain('commune');
      expect(places).toContain('province');
      expect(places[places.length - 1]).toBe('receiving_unit');
    }
  });

  it('names real agencies of the tenant for provincial steps and keeps money in whole VND', () => {
    for (const version of versions) {
      for (const step of version.workflow.steps) {
        if (step.actor.at === 'province' && step.kind !== 'end')
          expect(step.actor.agencyCode, step.name).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H38$/);
      }
      for (const fee of version.fees) expect(Number.isInteger(fee.amount)).toBe(true);
    }
    const copy = versions.find((v) => v.result.name === 'Bản sao được chứng thực từ bản chính');
    expect(copy?.fees).toEqual([expect.objectContaining({ amount: 2000, kind: 'fee' })]);
  });
});
