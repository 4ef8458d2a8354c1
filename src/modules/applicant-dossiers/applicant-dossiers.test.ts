import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, NO_REQUEST } from '../../platform/auth/actor.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { isAppError } from '../../platform/errors.ts';
import { loadActor } from '../people/sessions.ts';
import { ok } from '../dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../dossiers/dossiers.schema.ts';
import { submitDossier } from '../payments/payments.fixtures.ts';
import { ensureDemoPki } from '../signing/demo-ca.ts';
import { signPdf } from '../signing/pdf-sign.ts';
import { samplePdf } from '../signing/signing.fixtures.ts';
import { type ApplicantWorld, createApplicantWorld, processToReturned } from './applicant-dossiers.fixtures.ts';
import { getMyDossier, listMyDossiers, todosOf } from './applicant-dossiers.ts';

/**
 * The applicant's own view of their dossiers, on both databases: the list (theirs only, newest first, by pages,
 * with what each needs from them), one dossier (not another's; officers' notes hidden) with its components,
 * payments and the signature reports of its results.
 */
describe('the applicant’s dossiers', () => {
  let w: ApplicantWorld;
  let first: TDossierDetail;
  let second: TDossierDetail;
  const ctxOf = async (userId: string | null): Promise<ServiceContext> => {
    const actor: Actor = userId ? ((await loadActor(w.db, userId)) as Actor) : { kind: 'anonymous' };
    return { actor, meta: NO_REQUEST, db: w.db };
  };
  const failure = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (isAppError(error)) return error.code;
      throw error;
    }
    return 'no error';
  };

  beforeAll(async () => {
    w = await createApplicantWorld();
    first = await submitDossier(w);
    w.clock.advanceMinutes(1);
    second = await submitDossier(w);
  });
  afterAll(() => w.t.close());

  it('lists only the caller’s dossiers, newest first, a page at a time, with the fee to pay', async () => {
    const ctx = await ctxOf(w.citizenId);
    const all = await listMyDossiers(ctx, w.t.app.platform, { limit: 20 });
    expect(all.items.map((d) => d.code)).toEqual([second.code, first.code]);
    expect(all.items[0]).toMatchObject({ status: 'submitted', amountDue: 10_000, todos: ['pay'] });
    expect(all.nextCursor).toBeNull();

    const page1 = await listMyDossiers(ctx, w.t.app.platform, { limit: 1 });
    expect(page1.items.map((d) => d.id)).toEqual([second.id]);
    const page2 = await listMyDossiers(ctx, w.t.app.platform, { limit: 1, cursor: String(page1.nextCursor) });
    expect(page2.items.map((d) => d.id)).toEqual([first.id]);
    expect(page2.nextCursor).toBeNull();
    expect(await failure(listMyDossiers(ctx, w.t.app.platform, { limit: 1, cursor: 'not-ours' }))).toBe(
      'VALIDATION_FAILED',
    );

    const otherId = (
      await w.db.selectFrom('users').select('id').where('personal_id', '=', '010190002222').executeTakeFirstOrThrow()
    ).id;
    expect((await listMyDossiers(await ctxOf(otherId), w.t.app.platform, { limit: 20 })).items).toEqual([]);
  });

  it('is the applicant’s view only: staff are refused, the anonymous asked to sign in', async () => {
    const deskId = (
      await w.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'motcua.phuonglaocai')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await failure(listMyDossiers(await ctxOf(deskId), w.t.app.platform, { limit: 5 }))).toBe('FORBIDDEN');
    expect(await failure(getMyDossier(await ctxOf(deskId), w.t.app.platform, first.id))).toBe('FORBIDDEN');
    expect(await failure(listMyDossiers(await ctxOf(null), w.t.app.platform, { limit: 5 }))).toBe('UNAUTHENTICATED');
  });

  it('opens one of the caller’s dossiers with its components, and not another applicant’s', async () => {
    const mine = await getMyDossier(await ctxOf(w.citizenId), w.t.app.platform, first.id);
    expect(mine.dossier.code).toBe(first.code);
    expect(mine.components.length).toBeGreaterThan(0);
    expect(mine.components.some((c) => c.required)).toBe(true);
    expect(mine).toMatchObject({ amountDue: 10_000, todos: ['pay'], payments: [], resultSignatures: [] });
    const otherId = (
      await w.db.selectFrom('users').select('id').where('personal_id', '=', '010190002222').executeTakeFirstOrThrow()
    ).id;
    expect(await failure(getMyDossier(await ctxOf(otherId), w.t.app.platform, first.id))).toBe('NOT_FOUND');
  });

  it('asks for a supplement only while one is requested, and for a rating once the result is returned', () => {
    expect(todosOf({ status: 'supplement_requested', amountDue: 0, rating: null })).toEqual(['supplement']);
    expect(todosOf({ status: 'returned', amountDue: 0, rating: null })).toEqual(['rate']);
    expect(todosOf({ status: 'returned', amountDue: 0, rating: 4 })).toEqual([]);
    expect(todosOf({ status: 'withdrawn', amountDue: 10_000, rating: null })).toEqual([]);
  });

  it('shows the result with its signatures, and hides the officers’ notes', async () => {
    const pkiDir = w.t.app.platform.config.pkiDir;
    await ensureDemoPki(pkiDir, w.clock);
    const signed = await signPdf(w.t.app.platform.signingKeys, await samplePdf(), {
      keyIds: ['lanhdao.tuphap'],
      reason: 'Ký kết quả',
      location: 'Lào Cai',
      clock: w.clock,
    });
    const returned = await processToReturned(w, second, {
      filename: 'ket-qua-ky-so.pdf',
      contentType: 'application/pdf',
      data: Buffer.from(signed).toString('base64'),
    });
    expect(returned.status).toBe('returned');
    const mine = await getMyDossier(await ctxOf(w.citizenId), w.t.app.platform, second.id);
    expect(mine.todos).toEqual(['pay', 'rate']);
    const result = mine.dossier.files.find((f) => f.kind === 'result');
    expect(result?.filename).toBe('ket-qua-ky-so.pdf');
    expect(mine.resultSignatures).toEqual([
      {
        fileId: result?.id,
        signatures: [
          expect.objectContaining({
            status: 'valid',
            signer: expect.objectContaining({ commonName: 'Phạm Quốc Đạo' }),
          }),
        ],
      },
    ]);
    const forward = mine.dossier.timeline.filter((e) => e.action === 'forward');
    expect(forward.length).toBe(2);
    expect(forward.every((e) => e.note === null)).toBe(true);
    expect(JSON.stringify(mine.dossier.timeline)).not.toContain('Nội bộ');
    // Staff still read their own note on the same dossier.
    expect(JSON.stringify(ok(await w.api.get(w.desk, second.id)).timeline)).toContain('Nội bộ');
  });
});
