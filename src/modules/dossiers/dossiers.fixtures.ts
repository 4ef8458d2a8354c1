import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../platform/http/request-context.ts';
import { newId } from '../../platform/ids.ts';
import { createSession } from '../people/sessions.ts';
import { deriveState, projectionOf } from './derive-state.ts';
import { listActions } from './dossiers.repository.ts';
import type { TVersionBody } from '../procedures/procedures.schema.ts';
import type { TActionBody, TDossierDetail } from './dossiers.schema.ts';

/**
 * Test helpers of the dossier suites (not a test file): accounts with the roles a workflow needs, sessions by
 * account id (citizens have no username), tiny real PDF/PNG files, and an HTTP client for the dossier API.
 */

/** A minimal, well-formed PDF: its magic bytes are what the upload check reads. */
export function pdfBytes(label = 'tài liệu'): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/** The 8-byte PNG signature followed by an IHDR chunk: enough for the sniffer. */
export function pngBytes(): Buffer {
  return Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
}

export function pdfUpload(filename: string, label = filename) {
  return { filename, contentType: 'application/pdf' as const, data: pdfBytes(label).toString('base64') };
}

/** Creates a staff account holding one role in a unit (optionally one agency of it). @returns the account id */
export async function createStaff(
  db: Queryable,
  input: {
    username: string;
    fullName?: string;
    unitId: string;
    agencyId?: string | null;
    role: Role;
    includesSubUnits?: boolean;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      kind: 'staff',
      username: input.username,
      full_name: input.fullName ?? input.username,
      email: `${input.username}@test.laocai.gov.vn`,
      home_unit_id: input.unitId,
    })
    .execute();
  await db
    .insertInto('role_grants')
    .values({
      id: newId(),
      user_id: id,
      role: input.role,
      unit_id: input.unitId,
      agency_id: input.agencyId ?? null,
      includes_sub_units: input.includesSubUnits ?? false,
    })
    .execute();
  return id;
}

/** Creates a citizen account. @returns the account id */
export async function createCitizen(db: Queryable, input: { fullName: string; personalId: string }): Promise<string> {
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      kind: 'citizen',
      full_name: input.fullName,
      email: `${input.personalId}@example.vn`,
      // A proven address, as online submission needs.
      email_verified_at: new Date(),
      personal_id: input.personalId,
    })
    .execute();
  return id;
}

/** Headers of a signed-in browser for an account (session and CSRF cookies, CSRF header). */
export async function headersFor(app: FastifyInstance, db: Queryable, userId: string): Promise<Record<string, string>> {
  const { token } = await createSession(db, { userId, mfaPending: false, ip: null, userAgent: 'test' });
  const browserId = `test-browser-${userId}`;
  return {
    cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${browserId}`,
    [CSRF_HEADER]: app.platform.csrf.tokenForBrowser(browserId),
  };
}

/** The unit with a GSO code in force on a day (codes are re-used across the reform). */
export async function unitByCode(db: Queryable, code: string, day: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'ancestor_ids'])
    .where('code', '=', code)
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', day)]))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]))
    .executeTakeFirstOrThrow();
}

export async function agencyByCode(db: Queryable, code: string) {
  return db
    .selectFrom('agencies')
    .select(['id', 'unit_id', 'name', 'kind'])
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
}

export async function agencyOfKind(db: Queryable, unitId: string, kind: string) {
  return db
    .selectFrom('agencies')
    .select(['id', 'unit_id', 'name', 'code'])
    .where('unit_id', '=', unitId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
}

/** A procedure's version in force, with its components and fees. */
export async function procedureByNationalCode(db: Queryable, nationalCode: string) {
  const procedure = await db
    .selectFrom('procedures')
    .select(['id', 'current_version', 'unit_id'])
    .where('national_code', '=', nationalCode)
    .executeTakeFirstOrThrow();
  const version = procedure.current_version ?? 1;
  const components = await db
    .selectFrom('procedure_components')
    .select(['code', 'is_required'])
    .where('procedure_id', '=', procedure.id)
    .where('version', '=', version)
    .orderBy('position')
    .execute();
  const fees = await db
    .selectFrom('procedure_fees')
    .select(['code', 'amount'])
    .where('procedure_id', '=', procedure.id)
    .where('version', '=', version)
    .orderBy('position')
    .execute();
  return {
    id: procedure.id,
    version,
    /** One PDF for every required component. */
    requiredComponents: components
      .filter((c) => c.is_required)
      .map((c) => ({ code: c.code, files: [pdfUpload(`${c.code}.pdf`)] })),
    fees: fees.map((f) => ({ code: f.code, amount: Number(f.amount) })),
  };
}

/** A plausible applicant. */
export function applicant(fullName = 'Giàng A Páo', personalId = '010095001234') {
  return {
    fullName,
    personalId,
    phone: '0912345678',
    email: 'congdan@example.vn',
    address: 'Phường Lào Cai, tỉnh Lào Cai',
  };
}

/** The dossier API as a client: each call returns the response; `ok()` checks the status and returns the body. */
export class DossierApi {
  constructor(private readonly app: FastifyInstance) {}

  submit(headers: Record<string, string>, body: object, idempotencyKey?: string) {
    return this.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { ...headers, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      payload: body,
    });
  }

  counter(headers: Record<string, string>, body: object, idempotencyKey?: string) {
    return this.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers/counter',
      headers: { ...headers, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      payload: body,
    });
  }

  get(headers: Record<string, string>, id: string) {
    return this.app.inject({ method: 'GET', url: `/api/v1/dossiers/${id}`, headers });
  }

  list(headers: Record<string, string>, query = '') {
    return this.app.inject({ method: 'GET', url: `/api/v1/dossiers${query ? `?${query}` : ''}`, headers });
  }

  act(headers: Record<string, string>, id: string, body: TActionBody | Record<string, unknown>) {
    return this.app.inject({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, headers, payload: body });
  }

  /** Takes an action that must succeed, at the dossier's current version. */
  async step(
    headers: Record<string, string>,
    dossier: TDossierDetail,
    body: Record<string, unknown>,
  ): Promise<TDossierDetail> {
    return ok(await this.act(headers, dossier.id, { expectedVersion: dossier.version, ...body }));
  }
}

/** Checks a 2xx answer and returns its body. */
export function ok<T = TDossierDetail>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

/** Checks a problem answer: status and code. */
export function problem(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json() as { code: string; [detail: string]: unknown };
  expect(body.code).toBe(code);
  return body;
}

/** The actions the caller may take, by name. */
export function actionsOf(dossier: TDossierDetail): string[] {
  return dossier.allowedActions.map((a) => a.action);
}

/** Asserts that the projection on the dossiers row equals the fold of its stored log. */
export async function expectProjectionMatchesLog(db: Queryable, id: string): Promise<void> {
  const expected = projectionOf(deriveState(await listActions(db, id)));
  const row = await db
    .selectFrom('dossiers')
    .select(Object.keys(expected) as (keyof typeof expected)[])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual(expected);
}

/** Validity of the pre-reform agencies: ended the day before the 1 July 2025 reform. */
const OLD = { valid_from: null, valid_to: '2025-06-30' };

/** Inserts an agency of the pre-reform tree. @returns its id */
export async function insertOldAgency(
  db: Queryable,
  unitId: string,
  code: string,
  kind: string,
  name: string,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('agencies')
    .values({ id, unit_id: unitId, code, kind, name, ...OLD })
    .execute();
  return id;
}

/** A procedure of the old province whose workflow climbs commune → district → province (15 working days). */
export function threeLevelVersion(departmentCode: string): TVersionBody {
  const step = (id: string, role: Role, at: string, days: number, transitions: [string, string][], extra = {}) => ({
    id,
    name: `Bước ${id}`,
    kind: (id === 'opinion' ? 'consult' : id === 'return' ? 'end' : 'task') as 'task' | 'consult' | 'end',
    actor: { role, at, ...extra } as TVersionBody['workflow']['steps'][number]['actor'],
    duration: { workingDays: days },
    transitions: transitions.map(([action, to]) => ({
      action,
      to,
    })) as TVersionBody['workflow']['steps'][number]['transitions'],
  });
  return {
    decidingLevel: 'province',
    receivingLevels: ['commune'],
    onlineLevel: 'full',
    deadline: { workingDays: 15 },
    result: { kind: 'decision', name: 'Quyết định' },
    legalBasis: 'Dữ liệu kiểm thử',
    fees: [{ code: 'le-phi', name: 'Lệ phí', amount: 20000, kind: 'charge' }],
    components: [
      {
        code: 'don',
        name: 'Đơn đề nghị',
        originals: 1,
        copies: 0,
        templateFile: null,
        isRequired: true,
        registryKind: null,
      },
    ],
    workflow: {
      start: 'receive',
      steps: [
        step('receive', 'one_stop_officer', 'receiving_unit', 0.5, [['forward', 'verify']]),
        step(
          'verify',
          'specialist',
          'commune',
          2.5,
          [
            ['forward', 'propose'],
            ['return', 'receive'],
          ],
          { agencyKind: 'people_committee' },
        ),
        step(
          'propose',
          'leader',
          'commune',
          1,
          [
            ['transfer', 'district_review'],
            ['return', 'verify'],
          ],
          { agencyKind: 'people_committee' },
        ),
        step(
          'district_review',
          'specialist',
          'district',
          3,
          [
            ['forward', 'district_sign'],
            ['return', 'verify'],
          ],
          { agencyKind: 'office' },
        ),
        step('district_sign', 'leader', 'district', 1, [['transfer', 'process']], { agencyKind: 'people_committee' }),
        step(
          'process',
          'specialist',
          'province',
          4,
          [
            ['forward', 'sign'],
            ['consult', 'opinion'],
          ],
          { agencyCode: departmentCode },
        ),
        step('opinion', 'specialist', 'district', 2, [['reply', 'process']], { agencyKind: 'office' }),
        step(
          'sign',
          'leader',
          'province',
          2.5,
          [
            ['approve', 'return'],
            ['reject', 'return'],
            ['return', 'process'],
          ],
          { agencyCode: departmentCode },
        ),
        step('return', 'one_stop_officer', 'receiving_unit', 0.5, []),
      ],
    },
  };
}
