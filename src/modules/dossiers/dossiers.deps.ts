import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { DossierAction, DossierStatus } from './dossier-model.ts';

/** One recorded action, as handed to the outbox hook. */
export type DossierEvent = {
  dossierId: string;
  code: string;
  receivingUnitId: string;
  seq: number;
  action: DossierAction;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  /** TrangThaiHoSo of the national portal after the action. */
  dvcqgStatus: number;
  at: Date;
};

/**
 * The platform pieces the dossier services need beyond the service context. The `Platform` object built in
 * app.ts satisfies it, so routes and web pages pass `app.platform`; tests may pass a smaller object.
 */
export type DossierDeps = {
  calendar: Pick<CalendarService, 'current'>;
  blobs: BlobStore;
  /** Business time: every action's `at` and every due time come from here. */
  clock: Clock;
  /**
   * Called inside the transaction of every recorded action, after it is written: the hook for an outbox (the
   * national-portal sync, notifications) to enqueue its work so that it exists exactly when the action committed.
   */
  dossierOutbox?: ((trx: Tx, event: DossierEvent) => Promise<void>) | undefined;
  /** Where dossier numbers are taken: on PostgreSQL outside the request's transaction (see Database.autocommit). */
  database?: Pick<Database, 'autocommit'> | undefined;
};
