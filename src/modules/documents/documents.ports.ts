import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { ReportedIncomingStatus } from './document-model.ts';

/**
 * The ports of the documents module: what it needs from other modules (digital signing, the inter-agency
 * exchange) and what it tells them. The composition root (app.ts) wires the real implementations; until a port is
 * wired, the use cases that need it answer SERVICE_UNAVAILABLE naming the port, and nothing is written.
 */

/** Signs the main file of an outgoing document as the leader who signs it (PAdES, by the signing module). */
export interface DocumentSigner {
  /**
   * @param pdf the main file as approved
   * @returns the signed PDF, stored as the document's signed main file
   */
  signMainFile(pdf: Uint8Array, signer: { signerUserId: string; agencyId: string }): Promise<Uint8Array>;
}

/** Hands a released document to the inter-agency exchange (edXML) for a recipient that is not on this platform. */
export interface ExchangeSender {
  /** Queues the package inside the release transaction, so it exists exactly when the release committed. */
  enqueue(trx: Tx, item: { documentId: string; recipientCode: string }): Promise<void>;
}

/** A status change of an incoming document, for reporting back to its sender. */
export type IncomingStatusEvent = {
  incomingDocumentId: string;
  /** The receiving agency and its e-identifier code (null for agencies without one). */
  agencyId: string;
  agencyCode: string | null;
  source: 'platform' | 'exchange' | 'paper';
  /** The exchange's reference of the package, for documents that came through the exchange. */
  exchangeRef: string | null;
  senderCode: string | null;
  notation: string;
  status: ReportedIncomingStatus;
  at: Date;
  note: string | null;
};

/**
 * Told of every reportable status change of an incoming document (registered, refused, assigned, in progress,
 * completed), in the transaction of the change: the exchange sends edXML status messages from here. Senders on
 * this platform are updated by the module itself.
 */
export interface IncomingStatusListener {
  onIncomingStatus(trx: Tx, event: IncomingStatusEvent): Promise<void>;
}

/**
 * The platform pieces the document services need. The `Platform` object of app.ts satisfies it; tests may set
 * the ports on it (a test-only signer, a recording exchange).
 */
export type DocumentDeps = {
  blobs: BlobStore;
  /** Business time: action times, the numbering year, deadlines. */
  clock: Clock;
  jobs: Pick<Jobs, 'enqueue'>;
  documentSigner?: DocumentSigner | undefined;
  exchangeSender?: ExchangeSender | undefined;
  incomingStatusListener?: IncomingStatusListener | undefined;
};
