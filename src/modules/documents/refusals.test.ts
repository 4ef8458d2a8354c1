import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { documentsWorld, draftBody, ok, problem, testOnlyDocumentSigner } from './documents.fixtures.ts';
import type { TIncomingDetail, TOutgoingDetail } from './documents.schema.ts';

/**
 * Every refusal answers problem+json with a stable code and writes nothing: wrong role, another agency's document,
 * an action the status does not allow, a stale version, bad files, a port that is not wired.
 */
describe('refused document requests change nothing', () => {
  const clock = manualClock('2026-05-04T09:00:00+07:00');
  let world: Awaited<ReturnType<typeof documentsWorld>>;
  let draft: TOutgoingDetail;
  const tables = [
    'outgoing_documents',
    'outgoing_document_actions',
    'outgoing_recipients',
    'incoming_documents',
    'incoming_document_actions',
    'incoming_assignments',
    'document_files',
    'document_number_counters',
    'audit_log',
  ];
  const counts = () => countRows(world.t.database.db, tables);

  beforeAll(async () => {
    world = await documentsWorld(clock);
    draft = ok(await world.api.draft(world.people.drafter.headers, draftBody(world.agencies)), 201);
  });
  afterAll(() => world.t.close());

  it('refuses the wrong role with FORBIDDEN', async () => {
    const { api, people, agencies } = world;
    const before = await counts();
    // A văn thư does not draft; a drafter does not approve; nobody drafts for an agency outside their scope.
    problem(await api.draft(people.clerk.headers, draftBody(agencies)), 403, 'FORBIDDEN');
    problem(
      await api.draft(people.outsider.headers, { ...draftBody(agencies), agencyId: agencies.ubnd.id }),
      403,
      'FORBIDDEN',
    );
    const submitted = ok<TOutgoingDetail>(
      await api.act(people.drafter.headers, draft.id, { action: 'submit', expectedVersion: draft.version }),
    );
    const afterSubmit = await counts();
    expect(afterSubmit.outgoing_document_actions).toBe((before.outgoing_document_actions ?? 0) + 1);
    problem(
      await api.act(people.drafter.headers, draft.id, { action: 'review', expectedVersion: submitted.version }),
      403,
      'FORBIDDEN',
    );
    problem(
      await api.act(people.clerk.headers, draft.id, { action: 'approve', expectedVersion: submitted.version }),
      409,
      'DOCUMENT_ACTION_NOT_ALLOWED',
    );
    expect(await counts()).toEqual(afterSubmit);
    draft = submitted;
  });

  it('answers NOT_FOUND for another agency’s document, for reads, files and actions alike', async () => {
    const { api, people } = world;
    const before = await counts();
    problem(await api.get(people.outsider.headers, `/outgoing/${draft.id}`), 404, 'NOT_FOUND');
    problem(
      await api.get(people.outsider.headers, `/outgoing/${draft.id}/files/${draft.files[0]?.id}`),
      404,
      'NOT_FOUND',
    );
    problem(
      await api.act(people.outsider.headers, draft.id, { action: 'review', expectedVersion: draft.version }),
      404,
      'NOT_FOUND',
    );
    const list = ok<{ items: unknown[] }>(await api.get(people.outsider.headers, '/outgoing'));
    expect(list.items).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('refuses an action the status does not allow, and a stale version', async () => {
    const { api, people } = world;
    const before = await counts();
    const notAllowed = problem(
      await api.act(people.clerk.headers, draft.id, { action: 'release', expectedVersion: draft.version }),
      409,
      'DOCUMENT_ACTION_NOT_ALLOWED',
    );
    expect(notAllowed).toMatchObject({ status: 'submitted', allowed: ['return', 'review'] });
    const stale = problem(
      await api.act(people.clerk.headers, draft.id, { action: 'review', expectedVersion: draft.version - 1 }),
      409,
      'CONFLICT',
    );
    expect(stale).toMatchObject({ reason: 'stale_version', currentVersion: draft.version });
    expect(await counts()).toEqual(before);
  });

  it('refuses empty and hostile files before writing anything', async () => {
    const { api, people, agencies } = world;
    const before = await counts();
    const empty = problem(
      await api.draft(
        people.drafter.headers,
        draftBody(agencies, { attachments: [{ filename: 'trong.pdf', contentType: 'application/pdf', data: '' }] }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(empty)).toContain('the file is empty');
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    const hostile = problem(
      await api.draft(
        people.drafter.headers,
        draftBody(agencies, { attachments: [{ filename: 'phu-luc.pdf', contentType: 'application/pdf', data: html }] }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(hostile)).toContain('not a PDF, JPEG or PNG');
    // The main text must be a PDF: a PNG declared as such is refused by the schema.
    problem(
      await api.draft(
        people.drafter.headers,
        draftBody(agencies, { mainFile: { filename: 'a.png', contentType: 'image/png', data: 'iVBORw0KGgo=' } }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    problem(await api.draft(people.drafter.headers, draftBody(agencies, { recipients: [] })), 400, 'VALIDATION_FAILED');
    expect(await counts()).toEqual(before);
  });

  it('refuses recipients and drafting units the issuer may not use', async () => {
    const { api, people, agencies } = world;
    const before = await counts();
    const setup = problem(
      await api.draft(
        people.drafter.headers,
        draftBody(agencies, { recipients: [{ kind: 'internal', agencyId: agencies.justice.id }] }),
      ),
      422,
      'DOCUMENT_SETUP_INCOMPLETE',
    );
    expect(setup).toMatchObject({ reason: 'not_an_internal_unit' });
    problem(
      await api.draft(people.drafter.headers, draftBody(agencies, { typeCode: 'khong-co' })),
      422,
      'DOCUMENT_SETUP_INCOMPLETE',
    );
    problem(
      await api.draft(people.drafter.headers, draftBody(agencies, { typeCode: 'bao-cao', isLegalNormative: true })),
      422,
      'DOCUMENT_SETUP_INCOMPLETE',
    );
    expect(await counts()).toEqual(before);
  });

  it('answers SERVICE_UNAVAILABLE while no signer or exchange is wired, and writes nothing', async () => {
    const { api, people, agencies, t } = world;
    let doc = ok<TOutgoingDetail>(
      await api.act(people.clerk.headers, draft.id, { action: 'review', expectedVersion: draft.version }),
    );
    doc = ok(await api.act(people.leader.headers, doc.id, { action: 'approve', expectedVersion: doc.version }));
    const before = await counts();
    t.app.platform.documentSigner = undefined;
    try {
      const refused = problem(
        await api.act(people.leader.headers, doc.id, { action: 'sign', expectedVersion: doc.version }),
        503,
        'SERVICE_UNAVAILABLE',
      );
      expect(refused).toMatchObject({ port: 'documentSigner' });
    } finally {
      t.app.platform.documentSigner = testOnlyDocumentSigner;
    }
    expect(await counts()).toEqual(before);

    const external = await api.toSigned(
      people,
      draftBody(agencies, { recipients: [{ kind: 'external', code: '000.00.00.H14', name: 'UBND tỉnh Cao Bằng' }] }),
    );
    const beforeRelease = await counts();
    const exchange = t.app.platform.exchangeSender;
    t.app.platform.exchangeSender = undefined;
    try {
      problem(
        await api.act(people.clerk.headers, external.id, { action: 'release', expectedVersion: external.version }),
        503,
        'SERVICE_UNAVAILABLE',
      );
    } finally {
      t.app.platform.exchangeSender = exchange;
    }
    expect(await counts()).toEqual(beforeRelease);
  });

  it('lets only the assigned lead complete an incoming document', async () => {
    const { api, people, agencies } = world;
    const released = await api.toReleased(people, draftBody(agencies, { subject: 'Mời họp giao ban' }));
    const id = released.recipients[0]?.incomingDocumentId ?? '';
    let doc = ok<TIncomingDetail>(await api.get(people.justiceClerk.headers, `/incoming/${id}`));
    // The sender's officers cannot see the recipient's copy.
    problem(await api.get(people.drafter.headers, `/incoming/${id}`), 404, 'NOT_FOUND');
    doc = ok(
      await api.actIncoming(people.justiceClerk.headers, id, { action: 'register', expectedVersion: doc.version }),
    );
    problem(
      await api.actIncoming(people.justiceClerk.headers, id, {
        action: 'assign',
        expectedVersion: doc.version,
        lead: { userId: people.justiceOfficer.id },
        dueOn: '2026-05-08',
      }),
      403,
      'FORBIDDEN',
    );
    const before = await counts();
    const past = problem(
      await api.actIncoming(people.justiceLeader.headers, id, {
        action: 'assign',
        expectedVersion: doc.version,
        lead: { userId: people.justiceOfficer.id },
        dueOn: '2026-05-01',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(past)).toContain('the deadline is in the past');
    problem(
      await api.actIncoming(people.justiceLeader.headers, id, {
        action: 'assign',
        expectedVersion: doc.version,
        lead: { agencyId: agencies.finance.id },
        dueOn: '2026-05-08',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await counts()).toEqual(before);
    doc = ok(
      await api.actIncoming(people.justiceLeader.headers, id, {
        action: 'assign',
        expectedVersion: doc.version,
        lead: { userId: people.justiceOfficer.id },
        coordinators: [{ userId: people.justiceClerk.id }],
        dueOn: '2026-05-08',
      }),
    );
    const beforeComplete = await counts();
    // A coordinator may report progress but not complete; the lead may.
    problem(
      await api.actIncoming(people.justiceClerk.headers, id, { action: 'complete', expectedVersion: doc.version }),
      403,
      'FORBIDDEN',
    );
    problem(
      await api.actIncoming(people.outsider.headers, id, { action: 'complete', expectedVersion: doc.version }),
      404,
      'NOT_FOUND',
    );
    expect(await counts()).toEqual(beforeComplete);
    doc = ok(
      await api.actIncoming(people.justiceOfficer.headers, id, { action: 'complete', expectedVersion: doc.version }),
    );
    expect(doc.status).toBe('completed');
  });
});
