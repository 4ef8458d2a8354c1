import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, signInAs } from '../../../test/support/auth.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { seedDemo } from '../../seed/index.ts';
import type { TVersionBody } from './procedures.schema.ts';

const WRITTEN = [
  'procedures',
  'procedure_versions',
  'procedure_components',
  'procedure_fees',
  'audit_log',
  'idempotency_keys',
] as const;

/** Changing the catalogue: drafts, publication, immutability, validation and scope. */
describe('procedure versions API', () => {
  let t: TestApp;
  let provinceId: string;
  let communeId: string;
  let seededId: string;
  let template: TVersionBody;
  let admin: Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    provinceId = (await t.app.inject({ url: '/api/v1/units?kind=province' })).json().items[0].id;
    communeId = (await t.app.inject({ url: '/api/v1/units?q=02647' })).json().items[0].id;
    seededId = (await t.app.inject({ url: '/api/v1/procedures?q=1.004873' })).json().items[0].id;
    const version = (await t.app.inject({ url: `/api/v1/procedures/${seededId}/versions/1` })).json();
    template = {
      decidingLevel: version.decidingLevel,
      receivingLevels: version.receivingLevels,
      onlineLevel: version.onlineLevel,
      deadline: version.deadline,
      result: version.result,
      legalBasis: version.legalBasis,
      fees: version.fees,
      components: version.components,
      workflow: version.workflow,
    };
    admin = await signInAs(t.app, t.database.db, 'quantri');
  });
  afterAll(() => t.close());

  const createBody = (nationalCode: string, version: TVersionBody = template) => ({
    unitId: provinceId,
    nationalCode,
    code: `${nationalCode}.000.00.00.H38`,
    name: `Thủ tục thử nghiệm ${nationalCode}`,
    fieldCode: 'HO_TICH',
    version,
  });
  const create = (body: object, headers = admin.headers) =>
    t.app.inject({ method: 'POST', url: '/api/v1/procedures', headers, payload: body });
  const put = (id: string, version: number, body: object, headers = admin.headers) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/procedures/${id}/versions/${version}`, headers, payload: body });
  const publish = (id: string, version: number, headers = admin.headers) =>
    t.app.inject({ method: 'POST', url: `/api/v1/procedures/${id}/versions/${version}/publish`, headers });
  const newDraft = (id: string, headers: Record<string, string> = admin.headers) =>
    t.app.inject({ method: 'POST', url: `/api/v1/procedures/${id}/versions`, headers });

  it('creates a procedure with a draft that only its managers see, audited in the same request', async () => {
    const response = await create(createBody('9.999001'));
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id;
    expect(response.json()).toMatchObject({
      currentVersion: null,
      current: null,
      versions: [{ version: 1, status: 'draft', publishedAt: null }],
    });
    expect((await t.app.inject({ url: `/api/v1/procedures/${id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/procedures/${id}/versions/1` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/procedures?q=9.999001' })).json().items).toEqual([]);
    expect(
      (await t.app.inject({ url: `/api/v1/procedures/${id}/versions/1`, headers: admin.headers })).json().status,
    ).toBe('draft');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'procedure.create')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_id: admin.userId,
      unit_id: provinceId,
      request_id: response.headers['x-request-id'],
    });
  });

  it('creates once per Idempotency-Key and refuses a duplicate code', async () => {
    const headers = { ...admin.headers, 'idempotency-key': 'procedure-create-0001' };
    const first = await create(createBody('9.999002'), headers);
    expect(first.statusCode).toBe(201);
    const before = await countRows(t.database.db, WRITTEN);
    const replay = await create(createBody('9.999002'), headers);
    expect(replay.json()).toEqual(first.json());
    expect(await countRows(t.database.db, WRITTEN)).toEqual(before);
    const duplicate = await create(createBody('9.999002'));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('ALREADY_EXISTS');
  });

  it('edits a draft, publishes it, and then refuses every change to the published version', async () => {
    const id = (await create(createBody('9.999003'))).json().id;
    const edited = {
      ...template,
      onlineLevel: 'partial',
      fees: [{ code: 'le-phi', name: 'Lệ phí thử', amount: 20000, kind: 'charge' }],
    };
    const saved = await put(id, 1, edited);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ status: 'draft', onlineLevel: 'partial', fees: [{ amount: 20000 }] });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'procedure.version.update')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ version: 1, changed: ['onlineLevel', 'fees'] });

    const published = await publish(id, 1);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({
      currentVersion: 1,
      current: { status: 'published', onlineLevel: 'partial' },
    });
    expect((await t.app.inject({ url: `/api/v1/procedures/${id}` })).statusCode).toBe(200);

    const before = await countRows(t.database.db, WRITTEN);
    const change = await put(id, 1, { ...edited, onlineLevel: 'full' });
    expect(change.statusCode).toBe(409);
    expect(change.json()).toMatchObject({ code: 'CONFLICT', reason: 'version_not_draft', status: 'published' });
    expect((await publish(id, 1)).json().code).toBe('CONFLICT');
    expect(await countRows(t.database.db, WRITTEN)).toEqual(before);
    // The database refuses it too, whatever the code path.
    await expect(
      sql`UPDATE procedure_versions SET online_level = 'full' WHERE procedure_id = ${id}`.execute(t.database.db),
    ).rejects.toThrow(/cannot be changed/);
    await expect(sql`DELETE FROM procedure_fees WHERE procedure_id = ${id}`.execute(t.database.db)).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it('opens one new draft from the version in force; publishing it retires the old one, which stays readable', async () => {
    const first = await newDraft(seededId);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      version: 2,
      status: 'draft',
      deadline: template.deadline,
      components: template.components,
    });
    const second = await newDraft(seededId);
    expect(second.json()).toMatchObject({ code: 'CONFLICT', reason: 'draft_exists', version: 2 });

    // A longer deadline needs the steps to add up to it again.
    const longer = structuredClone(template);
    longer.deadline = { workingDays: 5 };
    const tooShort = await put(seededId, 2, longer);
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().issues).toEqual([
      expect.objectContaining({ path: 'body.workflow.steps', rule: 'deadline_mismatch' }),
    ]);
    const process = longer.workflow.steps.find((s) => s.id === 'process');
    if (process) process.duration = { workingDays: 3.5 };
    expect((await put(seededId, 2, longer)).statusCode).toBe(200);

    const published = await publish(seededId, 2);
    expect(published.json()).toMatchObject({
      currentVersion: 2,
      current: { deadline: { workingDays: 5 } },
      versions: [
        { version: 2, status: 'published' },
        { version: 1, status: 'retired' },
      ],
    });
    const old = await t.app.inject({ url: `/api/v1/procedures/${seededId}/versions/1` });
    expect(old.json()).toMatchObject({ status: 'retired', deadline: template.deadline });
    expect(old.json().retiredAt).not.toBeNull();
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', seededId)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'procedure.version.create',
      'procedure.version.update',
      'procedure.version.publish',
    ]);
  });

  it('refuses an invalid workflow on save, listing each problem with its path, and writes nothing', async () => {
    const broken = structuredClone(template);
    broken.decidingLevel = 'district';
    broken.components.push({ ...(broken.components[0] as TVersionBody['components'][number]) });
    const sign = broken.workflow.steps.find((s) => s.id === 'sign');
    const process = broken.workflow.steps.find((s) => s.id === 'process');
    if (!sign || !process) throw new Error('the template lost its steps');
    sign.actor.at = 'district';
    process.transitions.push({ action: 'forward', to: 'nowhere' });
    process.duration = { workingHours: 8 };
    const before = await countRows(t.database.db, WRITTEN);
    const response = await create(createBody('9.999004', broken), {
      ...admin.headers,
      'idempotency-key': 'procedure-invalid-0001',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
    const issues = response.json().issues.map((i: { path: string; rule: string }) => `${i.path} ${i.rule}`);
    const signAt = broken.workflow.steps.indexOf(sign);
    const processAt = broken.workflow.steps.indexOf(process);
    expect(issues).toEqual(
      expect.arrayContaining([
        'body.version.decidingLevel level_unavailable',
        `body.version.components.${broken.components.length - 1}.code duplicate`,
        `body.version.workflow.steps.${signAt}.actor.at level_unavailable`,
        `body.version.workflow.steps.${processAt}.transitions.${process.transitions.length - 1}.to unknown_target`,
        `body.version.workflow.steps.${processAt}.duration duration_unit`,
      ]),
    );
    expect(await countRows(t.database.db, WRITTEN)).toEqual(before);
  });

  it('refuses a structurally broken body with the schema problems', async () => {
    const bad = structuredClone(template) as unknown as { workflow: { steps: { actor: { role: string } }[] } };
    (bad.workflow.steps[1] as { actor: { role: string } }).actor.role = 'janitor';
    const response = await create(createBody('9.999005', bad as unknown as TVersionBody));
    expect(response.statusCode).toBe(400);
    expect(response.json().issues[0].path).toBe('body.version.workflow.steps.1.actor.role');
  });

  it('refuses the commune administrator on provincial procedures, writing nothing', async () => {
    const communeAdmin = await signInAs(t.app, t.database.db, 'quantri.phuonglaocai');
    const draftOnly = (await create(createBody('9.999006'))).json().id;
    const before = await countRows(t.database.db, WRITTEN);
    const forbidden = [
      await create(createBody('9.999007'), communeAdmin.headers),
      await newDraft(seededId, communeAdmin.headers),
      await put(seededId, 2, template, communeAdmin.headers),
      await publish(seededId, 2, communeAdmin.headers),
    ];
    for (const response of forbidden) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN');
    }
    // A procedure never published is not even revealed.
    const hidden = await put(draftOnly, 1, template, communeAdmin.headers);
    expect(hidden.statusCode).toBe(404);
    // Its own commune does not publish procedures.
    const own = await create({ ...createBody('9.999008'), unitId: communeId }, communeAdmin.headers);
    expect(own.statusCode).toBe(400);
    expect(own.json().issues[0].path).toBe('body.unitId');
    const specialist = await signInAs(t.app, t.database.db, 'chuyenvien.tuphap');
    expect((await newDraft(seededId, specialist.headers)).statusCode).toBe(403);
    expect(await countRows(t.database.db, WRITTEN)).toEqual(before);
  });
});
