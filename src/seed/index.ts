import { recordAudit } from '../platform/audit/audit.ts';
import { NO_REQUEST, systemActor } from '../platform/auth/actor.ts';
import type { BlobStore } from '../platform/blobs/blob-store.ts';
import type { Db } from '../platform/db/database.ts';
import { ensureDemoPki } from '../modules/signing/demo-ca.ts';
import { seedAgencies } from './agencies.ts';
import { seedCalendar } from './calendar.ts';
import { seedDocuments } from './documents.ts';
import { seedDossiers } from './dossiers.ts';
import { seedProcedureTemplates } from './procedure-templates.ts';
import { seedProcedures } from './procedures.ts';
import { seedUnits } from './units.ts';
import { seedDemoUsers } from './users.ts';

export type SeedReport = {
  seeded: boolean;
  units: number;
  agencies: number;
  users: number;
  calendarYears: number;
  procedures: number;
  dossiers: number;
  /** Document types and agency notation abbreviations added. */
  documentSettings: number;
};

/**
 * Loads the Lào Cai demo data into an empty database, in one transaction: the working-day calendar (when none is
 * entered yet), then units, agencies and demo accounts (when there are no units), then the procedure catalogue (when it
 * is empty), then a handful of demo dossiers (when there are none; online ones only when given the blob store for
 * their files). Safe to run twice, or on every start. Given a PKI folder, it also makes sure the demo CA and the demo
 * signing keys exist there (files, outside the transaction; existing keys are kept).
 */
export async function seedDemo(
  db: Db,
  options: { withUsers?: boolean; blobs?: BlobStore; pkiDir?: string } = {},
): Promise<SeedReport> {
  const report = await seedDatabase(db, options);
  if (options.pkiDir) {
    await ensureDemoPki(options.pkiDir);
  }
  return report;
}

function seedDatabase(db: Db, options: { withUsers?: boolean; blobs?: BlobStore }): Promise<SeedReport> {
  return db.transaction().execute(async (trx) => {
    const calendarYears = await seedCalendar(trx);
    const existing = await trx.selectFrom('units').select('id').limit(1).executeTakeFirst();
    if (existing) {
      // A tenant seeded before the catalogue existed gets it now (only when the catalogue is empty).
      const procedures = await seedProcedures(trx);
      await seedProcedureTemplates(trx, options.blobs);
      const dossiers = await seedDossiers(trx, { blobs: options.blobs });
      const documentSettings = await seedDocuments(trx);
      return {
        seeded: calendarYears > 0 || procedures > 0 || dossiers > 0 || documentSettings > 0,
        units: 0,
        agencies: 0,
        users: 0,
        calendarYears,
        procedures,
        dossiers,
        documentSettings,
      };
    }
    const units = await seedUnits(trx);
    const agencies = await seedAgencies(trx, units);
    const users = options.withUsers === false ? 0 : await seedDemoUsers(trx, units, agencies);
    const procedures = await seedProcedures(trx);
    await seedProcedureTemplates(trx, options.blobs);
    const dossiers = await seedDossiers(trx, { blobs: options.blobs });
    const documentSettings = await seedDocuments(trx);
    const report = {
      seeded: true,
      units: units.count,
      agencies: agencies.count,
      users,
      calendarYears,
      procedures,
      dossiers,
      documentSettings,
    };
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
