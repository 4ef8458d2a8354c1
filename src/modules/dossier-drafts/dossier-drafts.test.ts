import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { NO_REQUEST } from '../../platform/auth/actor.ts';
import { manualClock } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { isAppError } from '../../platform/errors.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  createCitizen,
  pdfBytes,
  pngBytes,
  procedureByNationalCode,
  unitByCode,
} from '../dossiers/dossiers.fixtures.ts';
import { MAX_FILE_BYTES } from '../dossiers/files.ts';
import * as drafts from './dossier-drafts.service.ts';
import { submitDraft } from './submit-draft.ts';

const TABLES = ['dossier_drafts', 'dossiers', 'dossier_actions', 'dossier_files', 'audit_log'];

/** Drafts of online submissions: owner-only, saved page by page, expiring, consumed once by their submission. */
describe('dossier drafts', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let birth: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let wardId: string;
  let citizen: ServiceContext;
  let stranger: ServiceContext;
  const deps = () => t.app.platform;

  const citizenActor = (userId: string, fullName: string): Actor => ({
    kind: 'user',
    userId,
    userKind: 'citizen',
    fullName,
    grants: [],
  });

  /** Expects the call to be refused with `code` and nothing written anywhere. */
  async function refused(work: () => Promise<unknown>, code: string) {
    const before = await countRows(t.database.db, TABLES);
    const error = await work().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(error) ? error.code : error).toBe(code);
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
    return error as { details?: Record<string, unknown> };
  }

  /** A draft with every answer and a PDF for every required component. */
  async function completeDraft(ctx = citizen) {
    const draft = await drafts.startDraft(ctx, deps(), birth.id);
    await drafts.saveDraftAnswers(ctx, deps(), draft.id, { applyingAs: 'self' });
    await drafts.saveDraftAnswers(ctx, deps(), draft.id, {
      applicant: { fullName: 'Giàng Thị Sua', personalId: '010195005555', address: 'Phường Lào Cai' },
    });
    await drafts.saveDraftAnswers(ctx, deps(), draft.id, { receivingUnitId: wardId });
    for (const c of birth.requiredComponents) {
      await drafts.addDraftFiles(ctx, deps(), draft.id, c.code, [{ filename: `${c.code}.pdf`, bytes: pdfBytes() }]);
    }
    return draft;
  }

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    birth = await procedureByNationalCode(db, '1.001193');
    wardId = (await unitByCode(db, '02647', '2026-03-02')).id;
    const ctxOf = (userId: string, name: string): ServiceContext => ({
      actor: citizenActor(userId, name),
      meta: NO_REQUEST,
      db,
    });
    citizen = ctxOf(await createCitizen(db, { fullName: 'Giàng Thị Sua', personalId: '010195005555' }), 'Sua');
    stranger = ctxOf(await createCitizen(db, { fullName: 'Ly Seo Chải', personalId: '010195006666' }), 'Chải');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('starts a draft for a procedure offered online, lists and resumes it with its answers', async () => {
    const draft = await drafts.startDraft(citizen, deps(), birth.id);
    expect(draft.procedure.name).toBe('Đăng ký khai sinh');
    expect(draft.answers).toEqual({});
    expect(draft.procedure.components.filter((c) => c.isRequired).map((c) => c.code)).toEqual(
      birth.requiredComponents.map((c) => c.code),
    );
    await drafts.saveDraftAnswers(citizen, deps(), draft.id, {
      applyingAs: 'other',
      owner: { fullName: 'Giàng A Lử', relation: 'con' },
    });
    const listed = await drafts.listDrafts(citizen, deps());
    expect(listed.map((d) => d.id)).toContain(draft.id);
    expect(await drafts.listDrafts(stranger, deps())).toEqual([]);
    const resumed = await drafts.getDraft(citizen, deps(), draft.id);
    expect(resumed.answers).toEqual({ applyingAs: 'other', owner: { fullName: 'Giàng A Lử', relation: 'con' } });
    // Changing to "for myself" drops the owner, so it cannot ride along to the dossier.
    const self = await drafts.saveDraftAnswers(citizen, deps(), draft.id, { applyingAs: 'self' });
    expect(self.answers).toEqual({ applyingAs: 'self' });
    // The places offered are wards and communes with a desk, Phường Lào Cai among them.
    const units = await drafts.receivingUnitsFor(citizen, deps(), draft.id);
    expect(units.map((u) => u.id)).toContain(wardId);
    expect(units.length).toBeGreaterThan(50);
  });

  it('refuses staff, anonymous callers and procedures not offered online, writing nothing', async () => {
    const desk = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    const staff: ServiceContext = {
      ...citizen,
      actor: { kind: 'user', userId: desk.id, userKind: 'staff', fullName: 'Mai', grants: [] },
    };
    await refused(() => drafts.startDraft(staff, deps(), birth.id), 'FORBIDDEN');
    await refused(
      () => drafts.startDraft({ ...citizen, actor: { kind: 'anonymous' } }, deps(), birth.id),
      'UNAUTHENTICATED',
    );
    const counterOnly = await procedureByNationalCode(t.database.db, '2.000884');
    await refused(() => drafts.startDraft(citizen, deps(), counterOnly.id), 'PROCEDURE_NOT_OFFERED');
    await refused(() => drafts.startDraft(citizen, deps(), '01900000-0000-7000-8000-000000000000'), 'NOT_FOUND');
  });

  it('keeps uploaded files in the blob store and refuses bad files one by one, adding none', async () => {
    const draft = await drafts.startDraft(citizen, deps(), birth.id);
    const [code] = birth.requiredComponents.map((c) => c.code) as [string];
    const saved = await drafts.addDraftFiles(citizen, deps(), draft.id, code, [
      { filename: 'to-khai.pdf', bytes: pdfBytes() },
      { filename: 'anh.png', bytes: pngBytes() },
    ]);
    expect(saved.files.map((f) => [f.filename, f.contentType])).toEqual([
      ['to-khai.pdf', 'application/pdf'],
      ['anh.png', 'image/png'],
    ]);
    for (const file of saved.files) expect(await deps().blobs.has(file.sha256)).toBe(true);
    const bad = await refused(
      () =>
        drafts.addDraftFiles(citizen, deps(), draft.id, code, [
          { filename: 'good.pdf', bytes: pdfBytes() },
          { filename: 'notes.pdf', bytes: Buffer.from('just some text, not a PDF') },
          { filename: 'empty.pdf', bytes: new Uint8Array() },
          { filename: 'huge.pdf', bytes: Buffer.concat([pdfBytes(), Buffer.alloc(MAX_FILE_BYTES)]) },
        ]),
      'VALIDATION_FAILED',
    );
    expect(bad.details?.issues).toEqual([
      expect.objectContaining({ path: 'body.files.1.contentType', rule: 'type' }),
      expect.objectContaining({ path: 'body.files.2.data', rule: 'empty' }),
      expect.objectContaining({ path: 'body.files.3.data', rule: 'too_large' }),
    ]);
    expect((await drafts.getDraft(citizen, deps(), draft.id)).files).toHaveLength(2);
    await refused(
      () => drafts.addDraftFiles(citizen, deps(), draft.id, 'no-such-part', [{ filename: 'a.pdf', bytes: pdfBytes() }]),
      'NOT_FOUND',
    );
    const after = await drafts.removeDraftFile(citizen, deps(), draft.id, saved.files[0]?.id as string);
    expect(after.files.map((f) => f.filename)).toEqual(['anh.png']);
  });

  it('answers NOT_FOUND for another applicant’s draft or a made-up id, and changes nothing', async () => {
    const draft = await drafts.startDraft(citizen, deps(), birth.id);
    const made = '01900000-0000-7000-8000-0000000000aa';
    for (const id of [draft.id, made]) {
      await refused(() => drafts.getDraft(stranger, deps(), id), 'NOT_FOUND');
      await refused(() => drafts.saveDraftAnswers(stranger, deps(), id, { applyingAs: 'business' }), 'NOT_FOUND');
      await refused(
        () => drafts.addDraftFiles(stranger, deps(), id, 'to-khai', [{ filename: 'a.pdf', bytes: pdfBytes() }]),
        'NOT_FOUND',
      );
      await refused(() => drafts.deleteDraft(stranger, deps(), id), 'NOT_FOUND');
      await refused(() => submitDraft(stranger, deps(), id), 'NOT_FOUND');
    }
    // A unit the procedure cannot be sent to is refused as a field.
    await refused(
      () => drafts.saveDraftAnswers(citizen, deps(), draft.id, { receivingUnitId: made }),
      'VALIDATION_FAILED',
    );
    expect((await drafts.getDraft(citizen, deps(), draft.id)).answers).toEqual({});
  });

  it('submits once: the draft becomes a dossier and is consumed; a second submit answers with the same one', async () => {
    const draft = await completeDraft();
    const before = await countRows(t.database.db, ['dossiers', 'dossier_files']);
    // Two submits at once (a double click): one dossier.
    const [first, second] = await Promise.all([
      submitDraft(citizen, deps(), draft.id),
      submitDraft(citizen, deps(), draft.id),
    ]);
    expect(second.dossierId).toBe(first.dossierId);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    const after = await countRows(t.database.db, ['dossiers', 'dossier_files']);
    expect(after.dossiers).toBe((before.dossiers ?? 0) + 1);
    expect(after.dossier_files).toBe((before.dossier_files ?? 0) + birth.requiredComponents.length);
    const dossier = await t.database.db
      .selectFrom('dossiers')
      .select(['code', 'channel', 'applicant_name', 'applicant_user_id', 'status'])
      .where('id', '=', first.dossierId)
      .executeTakeFirstOrThrow();
    expect(dossier).toMatchObject({ code: first.code, channel: 'online', applicant_name: 'Giàng Thị Sua' });
    expect(dossier.applicant_user_id).toBe(citizen.actor.kind === 'user' ? citizen.actor.userId : null);
    const row = await t.database.db
      .selectFrom('dossier_drafts')
      .select(['dossier_id', 'answers', 'files'])
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ dossier_id: first.dossierId, answers: {}, files: [] });
    // Consumed: no longer listed, no longer editable; a later submit still answers with the dossier.
    expect((await drafts.listDrafts(citizen, deps())).map((d) => d.id)).not.toContain(draft.id);
    await refused(() => drafts.saveDraftAnswers(citizen, deps(), draft.id, { applyingAs: 'self' }), 'CONFLICT');
    expect(await submitDraft(citizen, deps(), draft.id)).toEqual({ ...first, replayed: true });
  });

  it('submits for a business: the applicant is the person, the business (tax code) the dossier’s owner', async () => {
    const draft = await completeDraft();
    await drafts.saveDraftAnswers(citizen, deps(), draft.id, { applyingAs: 'business' });
    await drafts.saveDraftAnswers(citizen, deps(), draft.id, {
      owner: { fullName: 'Công ty TNHH Sa Pa Xanh', taxCode: '5300123456', relation: 'người đại diện' },
    });
    const { dossierId } = await submitDraft(citizen, deps(), draft.id);
    const dossier = await t.database.db
      .selectFrom('dossiers')
      .select(['applicant_kind', 'applicant_personal_id', 'on_behalf_of'])
      .where('id', '=', dossierId)
      .executeTakeFirstOrThrow();
    expect(dossier).toEqual({
      applicant_kind: 'citizen',
      applicant_personal_id: '010195005555',
      on_behalf_of: { fullName: 'Công ty TNHH Sa Pa Xanh', taxCode: '5300123456', relation: 'người đại diện' },
    });
  });

  it('leaves the draft open when the dossier service refuses it (a required component missing)', async () => {
    const draft = await completeDraft();
    const missing = (await drafts.getDraft(citizen, deps(), draft.id)).files[0];
    await drafts.removeDraftFile(citizen, deps(), draft.id, missing?.id as string);
    const error = await refused(() => submitDraft(citizen, deps(), draft.id), 'VALIDATION_FAILED');
    expect(JSON.stringify(error.details)).toContain('body.components');
    expect((await drafts.getDraft(citizen, deps(), draft.id)).dossierId).toBeNull();
  });

  it('expires a draft 30 days after its last save: gone for its owner, then purged', async () => {
    const draft = await drafts.startDraft(citizen, deps(), birth.id);
    const start = clock.now();
    clock.advanceMinutes(29 * 24 * 60);
    await drafts.saveDraftAnswers(citizen, deps(), draft.id, { applyingAs: 'self' });
    clock.advanceMinutes(29 * 24 * 60);
    // 58 days after it started, but 29 after its last save: still there.
    expect((await drafts.getDraft(citizen, deps(), draft.id)).answers.applyingAs).toBe('self');
    clock.advanceMinutes(2 * 24 * 60);
    await refused(() => drafts.getDraft(citizen, deps(), draft.id), 'NOT_FOUND');
    await refused(() => submitDraft(citizen, deps(), draft.id), 'NOT_FOUND');
    expect((await drafts.listDrafts(citizen, deps())).map((d) => d.id)).not.toContain(draft.id);
    expect(await drafts.purgeExpiredDrafts(t.database.db, clock.now())).toBeGreaterThanOrEqual(1);
    const left = await t.database.db.selectFrom('dossier_drafts').select('id').where('id', '=', draft.id).execute();
    expect(left).toEqual([]);
    clock.set(start);
  });
});
