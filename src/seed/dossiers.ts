import { type Actor, NO_REQUEST, systemActor } from '../platform/auth/actor.ts';
import type { BlobStore } from '../platform/blobs/blob-store.ts';
import { manualClock } from '../platform/clock.ts';
import type { ServiceContext } from '../platform/context.ts';
import type { Tx } from '../platform/db/database.ts';
import { createCalendarService } from '../modules/calendar/calendar.service.ts';
import type { DossierDeps } from '../modules/dossiers/dossiers.deps.ts';
import type { TActionBody, TApplicant, TDossierDetail } from '../modules/dossiers/dossiers.schema.ts';
import { performAction } from '../modules/dossiers/perform-action.ts';
import { receiveAtCounter } from '../modules/dossiers/receive-at-counter.ts';
import { submitDossier } from '../modules/dossiers/submit-dossier.ts';
import { loadActor } from '../modules/people/sessions.ts';
import { findParts } from '../modules/procedures/procedures.repository.ts';
import { DEMO_COMMUNE_CODE } from './users.ts';

/**
 * A handful of demo dossiers in various states, so the staff screens have something to show: at the desk of
 * Phường Lào Cai (new online submissions, one waiting for a supplement, one just received, one being processed,
 * a result waiting for pick-up, one returned and rated) and at Sở Tư pháp (one with the specialist, one overdue with
 * the leader). Every one is made through the dossier services, so its log, projection and audit rows are real.
 * Dates are relative to today; online submissions need the blob store for their files and are skipped without it.
 */

type Ctx = { system: ServiceContext; deps: DossierDeps; clock: ReturnType<typeof manualClock> };

const DAY_MS = 86_400_000;

function demoPdf(label: string): string {
  return Buffer.from(`%PDF-1.4\n% Hồ sơ mẫu (DEMO): ${label}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`).toString(
    'base64',
  );
}

function person(fullName: string, personalId: string, address = 'Phường Lào Cai, tỉnh Lào Cai'): TApplicant {
  return { kind: 'citizen', fullName, personalId, phone: '0912000000', address };
}

async function procedureOf(trx: Tx, nationalCode: string) {
  const procedure = await trx
    .selectFrom('procedures')
    .select(['id', 'current_version'])
    .where('national_code', '=', nationalCode)
    .where('current_version', 'is not', null)
    .executeTakeFirst();
  if (!procedure?.current_version) {
    return null;
  }
  const parts = await findParts(trx, procedure.id, procedure.current_version);
  return {
    id: procedure.id,
    fees: parts.fees.map((f) => ({ code: f.code, amount: Number(f.amount) })),
    required: parts.components.filter((c) => c.is_required).map((c) => c.code),
  };
}

/** Runs actions one after another, each some minutes after the previous, as the platform itself. */
async function play(
  c: Ctx,
  dossier: TDossierDetail,
  steps: [number, Record<string, unknown>][],
): Promise<TDossierDetail> {
  let current = dossier;
  for (const [minutes, body] of steps) {
    c.clock.advanceMinutes(minutes);
    current = await performAction(c.system, c.deps, current.id, {
      expectedVersion: current.version,
      ...body,
    } as TActionBody);
  }
  return current;
}

async function atCounter(
  c: Ctx,
  trx: Tx,
  input: { nationalCode: string; unitId: string; applicant: TApplicant; at: Date },
): Promise<TDossierDetail | null> {
  const procedure = await procedureOf(trx, input.nationalCode);
  if (!procedure) return null;
  c.clock.set(input.at);
  return receiveAtCounter(c.system, c.deps, {
    procedureId: procedure.id,
    receivingUnitId: input.unitId,
    applicant: input.applicant,
    components: procedure.required.map((code) => ({ code, files: [], paper: true })),
    fees: procedure.fees,
    feesPaid: true,
  });
}

async function online(
  c: Ctx,
  trx: Tx,
  citizen: Actor,
  input: { nationalCode: string; unitId: string; applicant: TApplicant; at: Date },
): Promise<TDossierDetail | null> {
  const procedure = await procedureOf(trx, input.nationalCode);
  if (!procedure) return null;
  c.clock.set(input.at);
  return submitDossier({ ...c.system, actor: citizen }, c.deps, {
    procedureId: procedure.id,
    receivingUnitId: input.unitId,
    applicant: input.applicant,
    components: procedure.required.map((code) => ({
      code,
      files: [{ filename: `${code}.pdf`, contentType: 'application/pdf', data: demoPdf(code) }],
    })),
    fees: procedure.fees,
  });
}

/**
 * Creates the demo dossiers when there are none yet and the demo tenant is there.
 * @returns the number of dossiers created
 */
export async function seedDossiers(
  trx: Tx,
  options: { blobs?: BlobStore | undefined; now?: Date } = {},
): Promise<number> {
  if (await trx.selectFrom('dossiers').select('id').limit(1).executeTakeFirst()) {
    return 0;
  }
  const now = options.now ?? new Date();
  const calendarService = createCalendarService();
  const calendar = await calendarService.current(trx);
  const year = new Date(now.getTime() - 30 * DAY_MS).getUTCFullYear();
  if (![year, year + 1].every((y) => calendar.years.includes(y))) {
    // Due times cannot be computed without the working-day calendar of these years.
    return 0;
  }
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
  const ward = await trx
    .selectFrom('units')
    .select('id')
    .where('code', '=', DEMO_COMMUNE_CODE)
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
    .executeTakeFirst();
  const province = await trx
    .selectFrom('agencies')
    .select('unit_id')
    .where('code', '=', '000.00.30.H38')
    .executeTakeFirst();
  // Only in the demo tenant: a real tenant that kept SEED_DEMO on must not find invented dossiers one day.
  const demoDesk = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'motcua.phuonglaocai')
    .executeTakeFirst();
  if (!ward || !province || !demoDesk) {
    return 0;
  }
  const clock = manualClock(now);
  const c: Ctx = {
    system: { actor: systemActor('seed'), meta: NO_REQUEST, db: trx },
    deps: {
      calendar: calendarService,
      clock,
      // Counter dossiers carry no files; online ones need the store.
      blobs: options.blobs ?? {
        put: () => Promise.reject(new Error('no blob store')),
        get: () => Promise.reject(new Error('no blob store')),
        has: async () => false,
        delete: async () => undefined,
      },
    },
    clock,
  };
  const ago = (days: number, hhmm = '08:30') => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
      new Date(now.getTime() - days * DAY_MS),
    );
    return new Date(`${day}T${hhmm}:00+07:00`);
  };
  let created = 0;
  const count = (d: TDossierDetail | null) => {
    if (d) created += 1;
    return d;
  };

  // Returned and rated: the whole road.
  const returned = count(
    await atCounter(c, trx, {
      nationalCode: '1.000656',
      unitId: ward.id,
      applicant: person('Hầu A Dế', '010078001201'),
      at: ago(9),
    }),
  );
  if (returned) {
    await play(c, returned, [
      [20, { action: 'forward' }],
      [60, { action: 'forward', note: 'Đủ điều kiện đăng ký khai tử.' }],
      [45, { action: 'approve' }],
      [30, { action: 'register_result', resultNumber: '12/2025/TLKT', files: [] }],
      [60, { action: 'return_result', method: 'counter' }],
      [10, { action: 'rate', rating: 5, comment: 'Cán bộ hướng dẫn tận tình.' }],
    ]);
  }
  // Result waiting for pick-up.
  const ready = count(
    await atCounter(c, trx, {
      nationalCode: '2.000635',
      unitId: ward.id,
      applicant: person('Lý Thị Mẩy', '010185002302'),
      at: ago(2, '09:15'),
    }),
  );
  if (ready) {
    await play(c, ready, [
      [15, { action: 'forward' }],
      [50, { action: 'forward' }],
      [40, { action: 'approve' }],
      [20, { action: 'register_result', resultNumber: '88/2025/BSTL', files: [] }],
    ]);
  }
  // Being processed at the ward's People's Committee.
  const processing = count(
    await atCounter(c, trx, {
      nationalCode: '1.001022',
      unitId: ward.id,
      applicant: person('Vàng A Lử', '010090003403'),
      at: ago(1, '14:00'),
    }),
  );
  if (processing) {
    await play(c, processing, [[30, { action: 'forward' }]]);
  }
  // Just received at the desk.
  count(
    await atCounter(c, trx, {
      nationalCode: '2.000884',
      unitId: ward.id,
      applicant: person('Phàn Thị Xuân', '010192004504'),
      at: new Date(now.getTime() - 2 * 3_600_000),
    }),
  );

  // Online submissions of the demo citizen: one new, one waiting for a supplement.
  const citizenRow = await trx
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'congdan@example.vn')
    .executeTakeFirst();
  const citizen = citizenRow ? await loadActor(trx, citizenRow.id) : null;
  if (citizen && options.blobs) {
    const applicant = person('Giàng A Páo', '010095001234');
    count(
      await online(c, trx, citizen, {
        nationalCode: '1.001193',
        unitId: ward.id,
        applicant,
        at: new Date(now.getTime() - 3_600_000),
      }),
    );
    const waiting = count(
      await online(c, trx, citizen, { nationalCode: '1.004873', unitId: ward.id, applicant, at: ago(3, '10:00') }),
    );
    if (waiting) {
      await play(c, waiting, [
        [
          90,
          {
            action: 'request_supplement',
            items: ['Bản sao trích lục ly hôn (nếu đã từng kết hôn)', 'Ảnh chụp rõ nét giấy tờ tùy thân'],
          },
        ],
      ]);
    }
  }

  // Sở Tư pháp: one with the specialist, one overdue on the leader's desk.
  const lawFirm = count(
    await atCounter(c, trx, {
      nationalCode: '1.002032',
      unitId: province.unit_id,
      applicant: {
        kind: 'business',
        fullName: 'Công ty Luật TNHH Hoàng Liên',
        taxCode: '5300712345',
        address: 'Tỉnh Lào Cai',
      },
      at: ago(2, '10:00'),
    }),
  );
  if (lawFirm) {
    await play(c, lawFirm, [[60, { action: 'forward' }]]);
  }
  const late = count(
    await atCounter(c, trx, {
      nationalCode: '1.002032',
      unitId: province.unit_id,
      applicant: {
        kind: 'business',
        fullName: 'Văn phòng Luật sư Sa Pa',
        taxCode: '5300798765',
        address: 'Tỉnh Lào Cai',
      },
      at: ago(20, '09:00'),
    }),
  );
  if (late) {
    await play(c, late, [
      [60, { action: 'forward' }],
      [6 * 24 * 60, { action: 'forward', note: 'Đủ điều kiện, trình lãnh đạo phòng.' }],
    ]);
  }
  return created;
}
