import { recordAudit } from '../platform/audit/audit.ts';
import { NO_REQUEST, systemActor } from '../platform/auth/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { seedAgencies } from './agencies.ts';
import { seedUnits } from './units.ts';
import { seedDemoUsers } from './users.ts';

export type SeedReport = { seeded: boolean; units: number; agencies: number; users: number };

/**
 * Loads the Lào Cai demo data into an empty database, in one transaction. A database that already has units is
 * left alone, so running it twice, or on every start, is safe.
 */
export async function seedDemo(db: Db, options: { withUsers?: boolean } = {}): Promise<SeedReport> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('units').select('id').limit(1).executeTakeFirst();
    if (existing) {
      return { seeded: false, units: 0, agencies: 0, users: 0 };
    }
    const units = await seedUnits(trx);
    const agencies = await seedAgencies(trx, units);
    const users = options.withUsers === false ? 0 : await seedDemoUsers(trx, units, agencies);
    const report = { seeded: true, units: units.count, agencies: agencies.count, users };
    await recordAudit(trx, {
      actor: systemActor('seed'),
      meta: NO_REQUEST,
      action: 'seed.demo',
      subjectType: 'tenant',
      subjectId: units.province.code,
      unitId: units.province.id,
      data: report,
    });
    return report;
  });
}
