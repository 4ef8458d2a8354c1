import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Clock } from '../../platform/clock.ts';

/** The platform pieces the work-records and tasks services need; the `Platform` of app.ts satisfies it. */
export type WorkDeps = {
  /** Attachments of notes filed in records. */
  blobs: BlobStore;
  /** Business time: action times, the year of a record, deadlines and overdue tasks. */
  clock: Clock;
};
