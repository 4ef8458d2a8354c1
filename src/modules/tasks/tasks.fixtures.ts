import type { FastifyInstance } from 'fastify';
import type { ManualClock } from '../../platform/clock.ts';
import { pngBytes } from '../dossiers/dossiers.fixtures.ts';
import { documentsWorld, ok } from '../documents/documents.fixtures.ts';
import type { TIncomingDetail } from '../documents/documents.schema.ts';

/**
 * Test helpers of the work-records and tasks suites (not a test file, never imported by the app): the documents
 * world (officers of the People's Committee and the Department of Justice, demo dossiers) and an HTTP client.
 */

export async function workWorld(clock: ManualClock) {
  const world = await documentsWorld(clock);
  return { ...world, work: new WorkApi(world.t.app) };
}

/** A paper document registered at the Department of Justice by its văn thư. */
export async function registeredIncoming(
  world: Awaited<ReturnType<typeof workWorld>>,
  notation: string,
  subject: string,
): Promise<TIncomingDetail> {
  return ok<TIncomingDetail>(
    await world.api.registerPaper(world.people.justiceClerk.headers, {
      agencyId: world.agencies.justice.id,
      senderName: 'Bộ Tư pháp',
      notation,
      issuedOn: '2026-02-27',
      typeCode: 'cong-van',
      subject,
      scan: { filename: 'scan.png', contentType: 'image/png', data: pngBytes().toString('base64') },
    }),
    201,
  );
}

type Headers = Record<string, string>;

/** The records and tasks API as a client; each call returns the response. */
export class WorkApi {
  constructor(private readonly app: FastifyInstance) {}

  private send(method: 'GET' | 'POST', url: string, headers: Headers, payload?: object, key?: string) {
    return this.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
      ...(payload ? { payload } : {}),
    });
  }

  openRecord(headers: Headers, body: object, key?: string) {
    return this.send('POST', '/records', headers, body, key);
  }

  actRecord(headers: Headers, id: string, body: object) {
    return this.send('POST', `/records/${id}/actions`, headers, body);
  }

  createTask(headers: Headers, body: object, key?: string) {
    return this.send('POST', '/tasks', headers, body, key);
  }

  taskFromIncoming(headers: Headers, incomingId: string, body: object, key?: string) {
    return this.send('POST', `/documents/incoming/${incomingId}/tasks`, headers, body, key);
  }

  actTask(headers: Headers, id: string, body: object) {
    return this.send('POST', `/tasks/${id}/actions`, headers, body);
  }

  get(headers: Headers, url: string) {
    return this.send('GET', url, headers);
  }
}
