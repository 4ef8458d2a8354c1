import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { type Actor, NO_REQUEST } from '../../platform/auth/actor.ts';
import { manualClock } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { seedDemo } from '../../seed/index.ts';
import { loadActor } from '../people/sessions.ts';
import { localDay } from './deadlines.ts';
import { deriveState } from './derive-state.ts';
import { listActions } from './dossiers.repository.ts';
import type { TActionBody, TDossierDetail } from './dossiers.schema.ts';
import {
  agencyOfKind,
  applicant,
  createCitizen,
  createStaff,
  expectProjectionMatchesLog,
  pdfUpload,
  procedureByNationalCode,
  unitByCode,
} from './dossiers.fixtures.ts';
import { performAction } from './perform-action.ts';
import { getDossier } from './read-dossiers.ts';
import { submitDossier } from './submit-dossier.ts';

/**
 * The projection on the dossiers row is always the fold of the stored log. Random valid histories — each step one
 * of the actions some participant may take at that moment, at a random later time — are applied through the
 * services; after every action the row is compared with deriveState() of the log, and every stored to_status with
 * the fold of the log up to it.
 */
describe('dossier projection equals the fold of its log', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let actors: { name: string; actor: Actor }[];
  let citizen: Actor;
  let procedure: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let wardId: string;

  const ctxOf = (actor: Actor): ServiceContext => ({ actor, meta: NO_REQUEST, db: t.database.db });

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    const ward = await unitByCode(db, '02647', '2026-03-02');
    wardId = ward.id;
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const userId = async (username: string) =>
      (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const ids = {
      desk: await userId('motcua.phuonglaocai'),
      specialistA: await createStaff(db, {
        username: 'pt.cv.a',
        unitId: ward.id,
        agencyId: committee.id,
        role: 'specialist',
      }),
      specialistB: await createStaff(db, {
        username: 'pt.cv.b',
        unitId: ward.id,
        agencyId: committee.id,
        role: 'specialist',
      }),
      leader: await createStaff(db, { username: 'pt.ld', unitId: ward.id, agencyId: committee.id, role: 'leader' }),
      // The opinion step of this procedure is Sở Tư pháp's.
      justice: await userId('chuyenvien.tuphap'),
      citizen: await createCitizen(db, { fullName: 'Thào Mí Lử', personalId: '010190007777' }),
    };
    actors = [];
    for (const [name, id] of Object.entries(ids)) {
      const actor = await loadActor(db, id);
      if (!actor) throw new Error(`no actor ${name}`);
      actors.push({ name, actor });
    }
    citizen = actors.find((a) => a.name === 'citizen')?.actor as Actor;
    // Đăng ký kết hôn có yếu tố nước ngoài: 15 working days, with an opinion branch to the province.
    procedure = await procedureByNationalCode(db, '2.000806');
  });
  afterAll(() => t.close());

  /** Ending actions are rare and moving actions common, so histories get deep into the workflow. */
  const WEIGHTS: Record<string, number> = {
    withdraw: 0.3,
    refuse: 0.5,
    reject: 1,
    return: 1,
    assign: 1,
    apologize: 1,
    suspend: 1,
    request_supplement: 2,
    consult: 2,
  };

  function weightedPick<T extends { choice: { action: string } }>(options: T[], at: number): T | undefined {
    const weight = (o: T) => WEIGHTS[o.choice.action] ?? 8;
    const total = options.reduce((sum, o) => sum + weight(o), 0);
    let left = at * total;
    for (const option of options) {
      left -= weight(option);
      if (left < 0) return option;
    }
    return options[options.length - 1];
  }

  /** A body for an action the caller may take; null when this history cannot give it one. */
  async function bodyFor(
    dossier: TDossierDetail,
    caller: Actor,
    choice: { action: string; targets: { stepId: string }[] },
    pick: number,
  ): Promise<TActionBody | null> {
    const base = { expectedVersion: dossier.version };
    const target = choice.targets.length > 0 ? { toStepId: choice.targets[pick % choice.targets.length]?.stepId } : {};
    switch (choice.action) {
      case 'request_supplement':
        return { ...base, action: 'request_supplement', items: ['Bổ sung giấy tờ'] };
      case 'refuse':
        return { ...base, action: 'refuse', reasons: ['Không thuộc thẩm quyền'] };
      case 'supply':
        return { ...base, action: 'supply', components: [{ code: 'to-khai', files: [pdfUpload('bo-sung.pdf')] }] };
      case 'assign': {
        // A leader hands the step to its current holder again; anyone else may only take it themselves.
        if (caller.kind !== 'user') return null;
        const isLeader = caller.grants.some((g) => g.role === 'leader');
        const assigneeId = isLeader ? dossier.current.assignee?.id : caller.userId;
        return assigneeId ? { ...base, action: 'assign', assigneeId } : null;
      }
      case 'reject':
        return { ...base, action: 'reject', reasons: ['Không đủ điều kiện'], ...target };
      case 'reply':
        return { ...base, action: 'reply', note: 'Ý kiến' };
      case 'suspend':
        return { ...base, action: 'suspend', reason: 'Chờ xác minh' };
      case 'withdraw':
        return { ...base, action: 'withdraw' };
      case 'apologize': {
        const calendar = await t.app.platform.calendar.current(t.database.db);
        const newDueDate = calendar.addWorkingDays(localDay(new Date(dossier.dueAt as string)), 2);
        return { ...base, action: 'apologize', reason: 'Chậm', newDueDate };
      }
      case 'register_result':
        return { ...base, action: 'register_result', resultNumber: `KQ-${dossier.version}`, files: [] };
      case 'return_result':
        return { ...base, action: 'return_result', method: 'counter' };
      case 'rate':
        return { ...base, action: 'rate', rating: 1 + (pick % 5) };
      case 'accept':
        return { ...base, action: 'accept', feesPaid: pick % 2 === 0 };
      default:
        return { ...base, action: choice.action as 'forward', ...target };
    }
  }

  it('after every action of random valid histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.noBias(
            fc.record({
              who: fc.integer({ min: 0, max: 9_999 }),
              what: fc.nat(),
              minutes: fc.nat({ max: 3 * 24 * 60 }),
            }),
          ),
          { minLength: 6, maxLength: 20 },
        ),
        async (steps) => {
          let dossier = await submitDossier(ctxOf(citizen), t.app.platform, {
            procedureId: procedure.id,
            receivingUnitId: wardId,
            applicant: { ...applicant('Thào Mí Lử', '010190007777'), kind: 'citizen' },
            components: procedure.requiredComponents,
            fees: procedure.fees,
          });
          for (const step of steps) {
            clock.advanceMinutes(step.minutes);
            const options: { actor: Actor; choice: TDossierDetail['allowedActions'][number] }[] = [];
            for (const { actor } of actors) {
              const seen = await getDossier(ctxOf(actor), t.app.platform, dossier.id).catch(() => null);
              for (const choice of seen?.allowedActions ?? []) options.push({ actor, choice });
            }
            if (options.length === 0) break;
            const option = weightedPick(options, step.who / 10_000);
            if (!option) break;
            const body = await bodyFor(dossier, option.actor, option.choice, step.what);
            if (!body) continue;
            dossier = await performAction(ctxOf(option.actor), t.app.platform, dossier.id, body);
            await expectProjectionMatchesLog(t.database.db, dossier.id);
          }
          const log = await listActions(t.database.db, dossier.id);
          const stored = await t.database.db
            .selectFrom('dossier_actions')
            .select(['seq', 'to_status', 'from_status'])
            .where('dossier_id', '=', dossier.id)
            .orderBy('seq')
            .execute();
          stored.forEach((row, i) => {
            expect(row.to_status).toBe(deriveState(log.slice(0, i + 1)).status);
            expect(row.from_status).toBe(i === 0 ? null : deriveState(log.slice(0, i)).status);
          });
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);
});
