import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import type { ManualClock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/database.ts';
import { seedDemo } from '../../seed/index.ts';
import { PROVINCIAL_AGENCIES } from '../../seed/agencies-data.ts';
import { agencyByCode, createStaff, headersFor, pdfBytes } from '../dossiers/dossiers.fixtures.ts';
import type { DocumentSigner, ExchangeSender, IncomingStatusEvent, IncomingStatusListener } from './documents.ports.ts';
import type { TIncomingDetail, TOutgoingDetail } from './documents.schema.ts';

/**
 * Test helpers of the documents suites (not a test file, never imported by the app): a TEST-ONLY signer, recording
 * stand-ins for the exchange ports, the cast of officers, and an HTTP client for the documents API.
 */

/** The marker the test-only signer appends, so a test can tell the signed file from the draft. */
export const TEST_SIGNATURE_MARKER = '% test-only-signature';

/**
 * TEST ONLY — not a signature. Appends a PDF comment naming the signer (a comment after %%EOF leaves the file a
 * valid PDF). The real PAdES signer comes from the signing module and is wired in app.ts by the lead.
 */
export const testOnlyDocumentSigner: DocumentSigner = {
  async signMainFile(pdf, { signerUserId }) {
    return new Uint8Array(
      Buffer.concat([Buffer.from(pdf), Buffer.from(`\n${TEST_SIGNATURE_MARKER} ${signerUserId}\n`)]),
    );
  },
};

/** Records what would be handed to the exchange, writing nothing (test stand-in for the exchange module). */
export function recordingExchange(): ExchangeSender & { sent: { documentId: string; recipientCode: string }[] } {
  const sent: { documentId: string; recipientCode: string }[] = [];
  return {
    sent,
    async enqueue(_trx: Tx, item) {
      sent.push(item);
    },
  };
}

/** Records the status events reported for incoming documents. */
export function recordingListener(): IncomingStatusListener & { events: IncomingStatusEvent[] } {
  const events: IncomingStatusEvent[] = [];
  return {
    events,
    async onIncomingStatus(_trx: Tx, event) {
      events.push(event);
    },
  };
}

export const agencyCode = (key: (typeof PROVINCIAL_AGENCIES)[number]['key']) =>
  PROVINCIAL_AGENCIES.find((a) => a.key === key)?.code ?? '';

/** A seeded platform with the test-only signer and recording exchange ports, and the officers the flows need. */
export async function documentsWorld(clock: ManualClock) {
  const exchange = recordingExchange();
  const listener = recordingListener();
  const t: TestApp = await createTestApp({}, undefined, (app) => {
    app.platform.clock = clock;
    app.platform.documentSigner = testOnlyDocumentSigner;
    app.platform.exchangeSender = exchange;
    app.platform.incomingStatusListener = listener;
  });
  await seedDemo(t.database.db);
  const db = t.database.db;
  const ubnd = await agencyByCode(db, agencyCode('ubnd'));
  const office = await agencyByCode(db, agencyCode('vp-ubnd'));
  const justice = await agencyByCode(db, agencyCode('tu-phap'));
  const finance = await agencyByCode(db, agencyCode('tai-chinh'));
  const staff = async (username: string, agencyId: string, role: Parameters<typeof createStaff>[1]['role']) => {
    const id = await createStaff(db, {
      username,
      fullName: `Cán bộ ${username}`,
      unitId: ubnd.unit_id,
      agencyId,
      role,
    });
    return { id, headers: await headersFor(t.app, db, id) };
  };
  const seeded = async (username: string) => {
    const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    return { id: user.id, headers: await headersFor(t.app, db, user.id) };
  };
  const people = {
    drafter: await staff('cv.vp', office.id, 'specialist'),
    clerk: await staff('vt.ubnd', ubnd.id, 'clerk'),
    leader: await staff('ld.ubnd', ubnd.id, 'leader'),
    justiceClerk: await staff('vt.stp', justice.id, 'clerk'),
    justiceLeader: await seeded('lanhdao.tuphap'),
    justiceOfficer: await seeded('chuyenvien.tuphap'),
    outsider: await staff('cv.stc', finance.id, 'specialist'),
  };
  return { t, api: new DocumentsApi(t.app), exchange, listener, agencies: { ubnd, office, justice, finance }, people };
}

export function pdfUpload(name: string) {
  return { filename: name, contentType: 'application/pdf' as const, data: pdfBytes(name).toString('base64') };
}

/** The documents API as a client; each call returns the response. */
export class DocumentsApi {
  constructor(private readonly app: FastifyInstance) {}

  draft(headers: Record<string, string>, body: object, idempotencyKey?: string) {
    return this.app.inject({
      method: 'POST',
      url: '/api/v1/documents/outgoing',
      headers: { ...headers, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      payload: body,
    });
  }

  act(headers: Record<string, string>, id: string, body: object) {
    return this.app.inject({ method: 'POST', url: `/api/v1/documents/outgoing/${id}/actions`, headers, payload: body });
  }

  actIncoming(headers: Record<string, string>, id: string, body: object) {
    return this.app.inject({ method: 'POST', url: `/api/v1/documents/incoming/${id}/actions`, headers, payload: body });
  }

  registerPaper(headers: Record<string, string>, body: object, idempotencyKey?: string) {
    return this.app.inject({
      method: 'POST',
      url: '/api/v1/documents/incoming',
      headers: { ...headers, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      payload: body,
    });
  }

  get(headers: Record<string, string>, url: string) {
    return this.app.inject({ method: 'GET', url: `/api/v1/documents${url}`, headers });
  }

  /** Drives a draft through submit, review, approve and sign. @returns the signed document */
  async toSigned(
    people: {
      drafter: { headers: Record<string, string> };
      clerk: { headers: Record<string, string> };
      leader: { headers: Record<string, string> };
    },
    body: object,
  ): Promise<TOutgoingDetail> {
    let doc = ok<TOutgoingDetail>(await this.draft(people.drafter.headers, body), 201);
    doc = ok(await this.act(people.drafter.headers, doc.id, { action: 'submit', expectedVersion: doc.version }));
    doc = ok(await this.act(people.clerk.headers, doc.id, { action: 'review', expectedVersion: doc.version }));
    doc = ok(await this.act(people.leader.headers, doc.id, { action: 'approve', expectedVersion: doc.version }));
    return ok(await this.act(people.leader.headers, doc.id, { action: 'sign', expectedVersion: doc.version }));
  }

  /** Signs and releases a document. @returns the released document */
  async toReleased(people: Parameters<DocumentsApi['toSigned']>[0], body: object): Promise<TOutgoingDetail> {
    const doc = await this.toSigned(people, body);
    return ok(await this.act(people.clerk.headers, doc.id, { action: 'release', expectedVersion: doc.version }));
  }
}

/** Checks the status and returns the JSON body. */
export function ok<T = TOutgoingDetail | TIncomingDetail>(response: LightMyRequestResponse, status = 200): T {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return response.json() as T;
}

/** Checks a problem answer's status and code. */
export function problem(response: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  expect({ status: response.statusCode, code: response.json().code }).toEqual({ status, code });
  return response.json();
}

/** The body of a draft: a công văn by default, from the office for the People's Committee. */
export function draftBody(
  agencies: { ubnd: { id: string }; office: { id: string }; justice: { id: string } },
  overrides: Record<string, unknown> = {},
) {
  return {
    agencyId: agencies.ubnd.id,
    draftingAgencyId: agencies.office.id,
    typeCode: 'cong-van',
    subject: 'Về việc triển khai chuyển đổi số năm 2026',
    recipients: [{ kind: 'platform', agencyId: agencies.justice.id }],
    mainFile: pdfUpload('du-thao.pdf'),
    ...overrides,
  };
}
