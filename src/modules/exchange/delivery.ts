import { text } from 'node:stream/consumers';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { type Database, inTransaction } from '../../platform/db/database.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { buildStatus } from './edxml/build.ts';
import { openEdxml } from './edxml/index.ts';
import { EdxmlError, type StatusCode, type StatusMessage } from './edxml/model.ts';
import type { XmlSigner } from './edxml/signature.ts';
import * as repo from './exchange.repository.ts';
import { EXCHANGE_DELIVER_QUEUE, type StatusBody } from './outgoing.ts';

/**
 * Delivers outgoing edXML to the peer that hosts the recipient: `POST {peer}/api/v1/exchange/edxml?to=<OrganId>`
 * with the signed package and our row id as `X-Exchange-Package-Id` (a repeat after a lost answer is recognised by
 * the receiver, so each message is registered once). One job per message; failures retry with exponential backoff,
 * and a sweeper re-kicks rows whose next attempt is due. A refusal (4xx with the peer's reason) is final and goes
 * into the trace; unreachable peers and 5xx answers are retried. Same pattern as dvcqg-sync's outbox.
 */

export const PACKAGE_ID_HEADER = 'x-exchange-package-id';
export const EXCHANGE_PATH = '/api/v1/exchange/edxml';

export type ExchangeDeliveryOptions = {
  leaseSeconds?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  sweepIntervalMs?: number;
  pollingIntervalSeconds?: number;
  timeoutMs?: number;
  allowRsaSha1?: boolean;
  log?: { warn(object: object, message: string): void };
};

export type ExchangeDelivery = {
  /** Tries one outgoing message now, if it is due and free. */
  deliver(packageId: string): Promise<'delivered' | 'refused' | 'failed' | 'skipped'>;
  sweep(): Promise<number>;
  stop(): void;
};

export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** A refusal's code and reason from the peer's problem+json, or its raw text. */
function refusalReason(status: number, body: string): string {
  try {
    const problem = JSON.parse(body) as {
      code?: string;
      title?: string;
      reason?: string;
      fault?: string;
      organIds?: string;
      documentId?: string;
    };
    const extra = [problem.fault, problem.reason, problem.organIds, problem.documentId].filter(Boolean).join('; ');
    return `${problem.code ?? `HTTP ${status}`}: ${problem.title ?? ''}${extra ? ` (${extra})` : ''}`;
  } catch {
    return `HTTP ${status}: ${body.slice(0, 300)}`;
  }
}

export function createExchangeDelivery(
  deps: {
    database: Pick<Database, 'db'>;
    blobs: BlobStore;
    jobs: Pick<Jobs, 'enqueue'>;
    signer: XmlSigner | undefined;
  },
  options: ExchangeDeliveryOptions = {},
  fetchImpl: typeof fetch = fetch,
): ExchangeDelivery {
  const db = deps.database.db;
  const base = options.backoffBaseMs ?? 10_000;
  const max = options.backoffMaxMs ?? 60 * 60_000;
  let stopping = false;

  /** A status row is signed when first sent, and the signed text kept, so every retry sends the same bytes. */
  async function xmlOf(row: repo.PackageRow): Promise<string> {
    if (row.xml_sha256) return text(await deps.blobs.get(row.xml_sha256));
    if (!deps.signer) throw new Error('no signing key');
    const body = row.status_body as StatusBody;
    const xml = deps.signer.sign(
      buildStatus({
        responseFor: body.responseFor,
        from: body.from,
        statusCode: body.code as StatusCode,
        description: body.reason,
        timestamp: new Date(body.at),
        ...(body.staff ? { staffInfo: body.staff } : {}),
        traces: [{ organId: body.from.organId, timestamp: new Date(body.at) }],
      }),
    );
    const blob = await deps.blobs.put(Buffer.from(xml, 'utf8'));
    await repo.markOutgoing(db, row.id, { xml: blob });
    return xml;
  }

  async function fail(row: repo.PackageRow, reason: string): Promise<'failed'> {
    await inTransaction(db, async (trx) => {
      await repo.markOutgoing(trx, row.id, {
        failed: { error: reason, retryInMs: backoffMs(row.attempts + 1, base, max) },
      });
      await repo.addTrace(trx, {
        packageId: row.id,
        organId: row.to_organ_id,
        event: 'attempt_failed',
        reason,
        at: new Date(),
      });
    });
    options.log?.warn({ packageId: row.id, to: row.to_organ_id, err: reason }, 'edXML delivery failed; will retry');
    return 'failed';
  }

  async function deliver(packageId: string): Promise<'delivered' | 'refused' | 'failed' | 'skipped'> {
    if (stopping) return 'skipped';
    const row = await repo.claimOutgoing(db, packageId, options.leaseSeconds ?? 120);
    if (!row) return 'skipped';
    const peer = row.peer_id ? await repo.findPeer(db, row.peer_id) : undefined;
    if (!peer?.active) return fail(row, 'the peer is unknown or inactive');
    let xml: string;
    try {
      xml = await xmlOf(row);
    } catch (error) {
      return fail(row, `cannot prepare the message: ${(error as Error).message}`);
    }
    let response: Response;
    let body: string;
    try {
      response = await fetchImpl(`${peer.base_url}${EXCHANGE_PATH}?to=${encodeURIComponent(row.to_organ_id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8', [PACKAGE_ID_HEADER]: row.id },
        body: xml,
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
      body = await response.text();
    } catch (error) {
      return fail(row, `unreachable: ${(error as Error).message}`);
    }
    if (response.ok) {
      if (row.kind === 'status') {
        await repo.markOutgoing(db, row.id, { state: 'delivered' });
        return 'delivered';
      }
      // The acknowledgement is a status 01 signed by the peer: believed only under its pinned certificate. One that
      // is not believed is retried; the receiver recognises the repeat by our package id and registers nothing twice.
      let acknowledgement: StatusMessage;
      try {
        const { message } = openEdxml(body, {
          trustedCertificates: [peer.certificate_pem],
          allowedAlgorithms: options.allowRsaSha1
            ? ['rsa-sha256', 'rsa-sha512', 'rsa-sha1']
            : ['rsa-sha256', 'rsa-sha512'],
        });
        if (message.kind !== 'status') throw new Error('the answer is not a status message');
        acknowledgement = message;
      } catch (error) {
        const reason = error instanceof EdxmlError ? error.message : (error as Error).message;
        return fail(row, `acknowledgement not accepted: ${reason}`);
      }
      await inTransaction(db, async (trx) => {
        await repo.markOutgoing(trx, row.id, { state: 'delivered' });
        await repo.setLastStatus(trx, row.id, acknowledgement.statusCode);
        await repo.addTrace(trx, {
          packageId: row.id,
          organId: row.to_organ_id,
          event: 'status',
          statusCode: acknowledgement.statusCode,
          reason: acknowledgement.description,
          at: acknowledgement.timestamp,
        });
      });
      return 'delivered';
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      const reason = refusalReason(response.status, body);
      await inTransaction(db, async (trx) => {
        await repo.recordRefusal(trx, row.id, reason);
        await repo.addTrace(trx, {
          packageId: row.id,
          organId: row.to_organ_id,
          event: 'refused',
          statusCode: '02',
          reason,
          at: new Date(),
        });
      });
      return 'refused';
    }
    return fail(row, refusalReason(response.status, body));
  }

  return {
    deliver,
    async sweep() {
      const due = await repo.dueOutgoing(db, 200);
      for (const packageId of due) {
        await deps.jobs.enqueue(
          db,
          EXCHANGE_DELIVER_QUEUE,
          { packageId },
          { singletonKey: packageId, singletonSeconds: 1 },
        );
      }
      return due.length;
    },
    stop() {
      stopping = true;
    },
  };
}

/**
 * Starts the delivery worker and its sweeper where workers run.
 * @returns a function that stops both
 */
export async function registerExchangeDelivery(
  jobs: Jobs,
  delivery: ExchangeDelivery,
  options: ExchangeDeliveryOptions = {},
): Promise<() => void> {
  await jobs.start();
  await jobs.work<{ packageId: string }>(
    EXCHANGE_DELIVER_QUEUE,
    async ({ packageId }) => {
      await delivery.deliver(packageId);
    },
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
  );
  let sweeping = false;
  const timer = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await delivery.sweep();
    } catch (error) {
      options.log?.warn({ err: error }, 'exchange sweep failed; will retry');
    } finally {
      sweeping = false;
    }
  }, options.sweepIntervalMs ?? 5_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    delivery.stop();
  };
}
