import type { Tx } from '../../platform/db/database.ts';
import type { EdocPackage } from './edxml/model.ts';

export type { XmlSigner } from './edxml/signature.ts';

/**
 * What the exchange module needs from the rest of the platform, and what it offers back. The documents module
 * implements `IncomingDocumentSink` (its `registerIncomingFromExchange`); the lead wires it in `buildApp`. A signing
 * key store can replace the PEM-file `XmlSigner`.
 */

/** A document package received, authenticated and addressed to one of our agencies. */
export type IncomingDocument = {
  /** Our exchange_packages row for this package and recipient. */
  packageId: string;
  /** The recipient agency on this platform. */
  recipient: { agencyId: string; unitId: string; organId: string };
  /** The package as parsed (header, business, attachments with their bytes). */
  message: EdocPackage;
  /** Who signed it (the pinned certificate of the sending platform). */
  signer: { subject: string; certificateSha256: string };
  /** The signed edXML as received, in the blob store. */
  xmlSha256: string;
  receivedAt: Date;
};

/** A revoke, update or replace package, with the earlier document it affects. */
export type IncomingChange = IncomingDocument & { target: { incomingDocumentId: string; packageId: string } };

/**
 * Where received documents go: the incoming-document register (văn bản đến). Every call runs in the transaction
 * that records the package, so a failure (a throw) leaves nothing registered and the sender is told to retry.
 */
export interface IncomingDocumentSink {
  /** Registers a new document as arrived (status 01, not yet accepted by the văn thư). */
  register(trx: Tx, incoming: IncomingDocument): Promise<{ incomingDocumentId: string }>;
  /** The sender revokes an earlier document (NĐ 30/2020 Art. 18(4)): withdraw it from handling. */
  revoke(trx: Tx, change: IncomingChange): Promise<void>;
  /** The sender updates an earlier document; returns the document that now holds the update. */
  update(trx: Tx, change: IncomingChange): Promise<{ incomingDocumentId: string }>;
  /** The sender replaces an earlier document with this one; returns the new document. */
  replace(trx: Tx, change: IncomingChange): Promise<{ incomingDocumentId: string }>;
  /**
   * Optional: the sender asks to take back a document it sent (status 13, "Lấy lại"); the văn thư decides. The
   * request is in the trace whether or not the register implements this.
   */
  recallRequested?(trx: Tx, request: RecallRequest): Promise<void>;
}

/** A sender's request (status 13) to recall a document received earlier. */
export type RecallRequest = {
  target: { incomingDocumentId: string; packageId: string };
  recipient: { agencyId: string | null; unitId: string | null; organId: string };
  reason: string;
  requestedAt: Date;
};

/** What the documents module reports about a received document; it travels back to the sender as a status message. */
export type IncomingStatusReport = (
  | { /** Our incoming exchange package id. */ packageId: string }
  | { /** The id the sink returned for the document. */ documentId: string }
) & {
  /** 02 refused, 03 accepted, 04 assigned, 05 processing, 06 completed (01 is sent on receipt by the exchange itself). */
  code: '02' | '03' | '04' | '05' | '06';
  /** The description sent with the status (the reason of a refusal). */
  reason: string;
  staff?: { department?: string; staff?: string; mobile?: string; email?: string };
  at?: Date;
};
