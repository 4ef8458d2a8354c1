import { findApplicant } from '../../modules/dossiers/find-applicant.ts';
import { listTemplates } from '../../modules/procedure-templates/templates.service.ts';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  AgencyCreateBody,
  AgencyListQuery,
  AgencyUpdateBody,
  UnitCreateBody,
  UnitListQuery,
  UnitUpdateBody,
} from '../../modules/units/units.schema.ts';
import * as units from '../../modules/units/units.service.ts';
import { TimelinessQuery } from '../../modules/dossier-deadlines/dossier-deadlines.schema.ts';
import { reportableUnits, timelinessReport } from '../../modules/dossier-deadlines/timeliness.ts';
import { viewDocument } from '../../modules/document-signatures/document-view.ts';
import { performBulkAction } from '../../modules/dossiers/bulk-actions.ts';
import { addDossierNote, listDossierNotes } from '../../modules/dossiers/dossier-notes.ts';
import {
  ActionBody,
  ApplicantQuery,
  BulkActionBody,
  CounterBody,
  NoteBody,
  QueueQuery,
} from '../../modules/dossiers/dossiers.schema.ts';
import { performAction } from '../../modules/dossiers/perform-action.ts';
import { listQueueChoices } from '../../modules/dossiers/queue-choices.ts';
import { getMyDossier, listMyDossiers } from '../../modules/applicant-dossiers/applicant-dossiers.ts';
import { getPayment, paymentReturn } from '../../modules/payments/read-payments.ts';
import { startPayment } from '../../modules/payments/start-payment.ts';
import { PageQuery } from './pagination.ts';
import { getDossier, listDossiers } from '../../modules/dossiers/read-dossiers.ts';
import { receiveAtCounter } from '../../modules/dossiers/receive-at-counter.ts';
import { listStepOfficers } from '../../modules/dossiers/step-officers.ts';
import { getProcedure, listFields, listProcedures } from '../../modules/procedures/procedures.service.ts';
import { ProcedureListQuery } from '../../modules/procedures/procedures.schema.ts';
import { lookupDossierAnswer } from '../../modules/dossier-adapters/lookup.ts';
import { levelOfUnitKind } from '../../modules/procedures/version-content.ts';
import * as auth from '../../modules/people/auth.service.ts';
import { EmailVerificationCompleteBody } from '../../modules/people/email-verification.routes.ts';
import * as verification from '../../modules/people/email-verification.service.ts';
import * as registrations from '../../modules/people/registrations.service.ts';
import * as passwords from '../../modules/people/passwords.service.ts';
import { assertCanManageUser } from '../../modules/people/people.policy.ts';
import {
  BusinessRegistrationBody,
  ChangePasswordBody,
  CitizenRegistrationBody,
  GrantBody,
  LoginBody,
  MfaBody,
  PasswordResetBody,
  PasswordResetCompleteBody,
  UserCreateBody,
  UserListQuery,
  UserUpdateBody,
} from '../../modules/people/people.schema.ts';
import * as roles from '../../modules/people/roles.service.ts';
import { findLiveSession } from '../../modules/people/sessions.ts';
import * as totp from '../../modules/people/totp.service.ts';
import * as users from '../../modules/people/users.service.ts';
import type { Platform } from '../../app.ts';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from './request-context.ts';
import { createAdminConfigServices } from './web-services-admin.ts';
import { createSubmissionWebServices } from './web-submission.ts';

/**
 * The platform services as the web pages see them: bound to the request's service context, and validating
 * their input with the same zod schemas as the REST API, so a form and an API call are refused for the same
 * reasons. Invalid input throws AppError VALIDATION_FAILED with `issues[].path` = `body.<field>`, which the
 * pages turn into messages next to the fields.
 */
export function createWebServices(platform: Platform, request: FastifyRequest) {
  const ctx = () => request.serviceContext();
  // The session cookie as the browser sent it: sign-in replaces it, the TOTP step completes it, sign-out ends it.
  const sessionToken = () => request.cookies[SESSION_COOKIE] ?? null;
  return {
    ...createAdminConfigServices(platform, ctx),
    documents: {
      /** A document with its files' signature reports; `direction` from the page address. */
      view: (direction: 'outgoing' | 'incoming', id: string) =>
        viewDocument(
          ctx(),
          { blobs: platform.blobs, keyStore: platform.signingKeys },
          direction,
          existingId(id, 'document'),
        ),
    },
    lookup: {
      /**
       * The public lookup by dossier code (what the receipt's QR code opens); personal data only when `verify` is
       * the last four digits of the applicant's phone or id. A code no dossier could have is NOT_FOUND.
       */
      dossier(code: string, verify: string | undefined) {
        const trimmed = code.trim();
        if (trimmed.length === 0 || trimmed.length > 50) {
          throw new AppError('NOT_FOUND', { subject: 'dossier' });
        }
        return lookupDossierAnswer(ctx().db, trimmed, verify && /^\d{4}$/.test(verify) ? verify : undefined);
      },
    },
    procedures: {
      /** The public catalogue (GET /api/v1/procedures): search ignoring diacritics, filters, cursor pages. */
      list: (query: Record<string, unknown>) => listProcedures(ctx(), parse(ProcedureListQuery, query, 'query')),
      fields: () => listFields(ctx()),
      get: (id: string) => getProcedure(ctx(), existingId(id, 'procedure')),
      /** Web-only helper: the names of the agencies a workflow names by code (the bodies that handle the dossier). */
      async agencyNames(codes: readonly string[]): Promise<string[]> {
        const found = await Promise.all(
          [...new Set(codes)].map((code) => units.listAgencies(ctx(), { code, limit: 1 })),
        );
        return found.flatMap((page) => page.items.map((a) => a.name));
      },
      /** The form templates with a file to download (GET /api/v1/procedures/:id/templates). */
      templates: (id: string) => listTemplates(ctx(), existingId(id, 'procedure')),
    },
    reports: {
      timeliness: (query: Record<string, unknown>) =>
        timelinessReport(ctx(), platform.clock, parse(TimelinessQuery, query, 'query')),
      reportableUnits: () => reportableUnits(ctx()),
    },
    units: {
      list: (query: Record<string, unknown>) => units.listUnits(ctx(), parse(UnitListQuery, query, 'query')),
      get: (id: string) => units.getUnit(ctx(), existingId(id, 'unit')),
      create: (form: Record<string, unknown>) => units.createUnit(ctx(), parse(UnitCreateBody, blankToNull(form))),
      update: (id: string, form: Record<string, unknown>) =>
        units.updateUnit(ctx(), existingId(id, 'unit'), parse(UnitUpdateBody, blankToNull(form))),
    },
    agencies: {
      list: (query: Record<string, unknown>) => units.listAgencies(ctx(), parse(AgencyListQuery, query, 'query')),
      get: (id: string) => units.getAgency(ctx(), existingId(id, 'agency')),
      create: (form: Record<string, unknown>) => units.createAgency(ctx(), parse(AgencyCreateBody, blankToNull(form))),
      update: (id: string, form: Record<string, unknown>) =>
        units.updateAgency(ctx(), existingId(id, 'agency'), parse(AgencyUpdateBody, blankToNull(form))),
    },
    dossiers: {
      /** Business time, as the dossier services judge due times (tests run on a fixed clock). */
      now: () => platform.clock.now(),
      /** The work queue (GET /api/v1/dossiers). */
      list: (query: Record<string, unknown>) => listDossiers(ctx(), platform, parse(QueueQuery, query, 'query')),
      get: (id: string) => getDossier(ctx(), platform, existingId(id, 'dossier')),
      /** Reception at the counter; `body` is shaped like the API's, files already base64-encoded. */
      receive: (body: Record<string, unknown>) => receiveAtCounter(ctx(), platform, parse(CounterBody, body)),
      /** The applicant's account at the counter, by personal ID or tax code (audited); null when none. */
      findApplicant: (query: Record<string, unknown>) => findApplicant(ctx(), parse(ApplicantQuery, query, 'query')),
      act: (id: string, body: Record<string, unknown>) =>
        performAction(ctx(), platform, existingId(id, 'dossier'), parse(ActionBody, body)),
      /** One action on several dossiers, each on its own (POST /api/v1/dossiers/bulk-actions). */
      bulk: (body: Record<string, unknown>) => performBulkAction(ctx(), platform, parse(BulkActionBody, body)),
      /** Officers' internal notes (GET/POST /api/v1/dossiers/:id/notes). */
      notes: (id: string) => listDossierNotes(ctx(), platform, existingId(id, 'dossier')),
      addNote: (id: string, form: Record<string, unknown>) =>
        addDossierNote(ctx(), platform, existingId(id, 'dossier'), parse(NoteBody, form)),
      /** Web-only helper: the queue filters' procedures and units, and the officers a leader may assign to. */
      queueChoices: () => listQueueChoices(ctx()),
      /** Who the current step may be assigned to (for the assign form). */
      stepOfficers: (id: string) => listStepOfficers(ctx(), platform, existingId(id, 'dossier')),
      /**
       * Web-only helper: the units whose one-stop desk the caller staffs (grants of one_stop_officer), in force
       * today, with the level their desk receives at.
       */
      async counterUnits() {
        const actor = ctx().actor;
        const ids =
          actor.kind === 'user'
            ? [...new Set(actor.grants.filter((g) => g.role === 'one_stop_officer').map((g) => g.unitId))]
            : [];
        const found = await Promise.all(ids.map((id) => units.getUnit(ctx(), id)));
        return found
          .filter((u) => u.validTo === null)
          .map((u) => ({ id: u.id, name: u.name, level: levelOfUnitKind(u.kind) }));
      },
      /** Web-only helper: procedures in force at a unit whose desk may receive them (its level is a receiving one). */
      async counterProcedures(unit: { id: string; level: string }, q?: string) {
        const page = await listProcedures(ctx(), {
          unitId: existingId(unit.id, 'unit'),
          limit: 200,
          ...(q ? { q } : {}),
        });
        return page.items.filter(
          (p) => p.currentVersion !== null && (p.receivingLevels as string[]).includes(unit.level),
        );
      },
      procedure: (id: string) => getProcedure(ctx(), existingId(id, 'procedure')),
    },
    applicant: {
      /** The signed-in citizen's own dossiers, newest first (/ho-so-cua-toi). */
      list: (query: Record<string, unknown>) => listMyDossiers(ctx(), platform, parse(PageQuery, query, 'query')),
      /** One of the caller's dossiers with its components, payments and result signatures. */
      get: (id: string) => getMyDossier(ctx(), platform, existingId(id, 'dossier')),
      /** The applicant's actions (supply, withdraw, rate) through the engine, validated like the API's body. */
      act: (id: string, body: Record<string, unknown>) =>
        performAction(ctx(), platform, existingId(id, 'dossier'), parse(ActionBody, body)),
      /** Starts paying the fees due online (POST /api/v1/dossiers/:id/payments): the gateway URL to go to. */
      pay: (id: string) => startPayment(ctx(), platform, existingId(id, 'dossier')),
      /**
       * The browser's return from the gateway, checked and shown (never settled here), with the dossier to go back
       * to when the caller is its payer.
       */
      async paymentReturn(query: Record<string, unknown>) {
        const result = await paymentReturn(ctx(), platform, query);
        let dossierId: string | null = null;
        if (ctx().actor.kind === 'user') {
          // Someone else's payment (a shared link) simply gets no link back to the dossier.
          dossierId = await getPayment(ctx(), result.paymentId).then(
            (p) => p.dossier.id,
            (error: unknown) => {
              if (error instanceof AppError) return null;
              throw error;
            },
          );
        }
        return { ...result, dossierId };
      },
    },
    /** Online submission by citizens and businesses: drafts saved page by page, then submitted. */
    submission: createSubmissionWebServices(platform, ctx),
    auth: {
      login: (form: Record<string, unknown>) =>
        auth.login(ctx(), platform, { ...parse(LoginBody, form), replacesToken: sessionToken() }),
      completeMfa: (form: Record<string, unknown>) =>
        auth.completeMfa(ctx(), platform, { ...parse(MfaBody, form), sessionToken: sessionToken() }),
      /** True when this browser holds a session still waiting for its TOTP step (web-only helper). */
      async hasPendingMfa(): Promise<boolean> {
        const token = sessionToken();
        return token ? (await findLiveSession(ctx().db, token))?.mfaPending === true : false;
      },
      logout: () => auth.logout(ctx(), sessionToken()),
      me: () => auth.getMe(ctx(), platform),
      requestPasswordReset: (form: Record<string, unknown>) =>
        passwords.requestPasswordReset(ctx(), platform, parse(PasswordResetBody, form)),
      completePasswordReset: (form: Record<string, unknown>) =>
        passwords.completePasswordReset(ctx(), parse(PasswordResetCompleteBody, form)),
      changePassword: (form: Record<string, unknown>) =>
        passwords.changePassword(ctx(), { ...parse(ChangePasswordBody, form), keepSessionId: request.sessionId }),
      startTotp: () => totp.startTotpEnrolment(ctx(), platform),
      confirmTotp: (form: Record<string, unknown>) => totp.confirmTotpEnrolment(ctx(), platform, parse(MfaBody, form)),
      disableTotp: (form: Record<string, unknown>) => totp.disableTotp(ctx(), platform, parse(MfaBody, form)),
    },
    citizenAccess: {
      /** Self-registration (POST /api/v1/registrations/*); the verification mail is queued with the account. */
      registerCitizen: (form: Record<string, unknown>) =>
        registrations.registerCitizen(ctx(), platform, parse(CitizenRegistrationBody, form)),
      registerBusiness: (form: Record<string, unknown>) =>
        registrations.registerBusiness(ctx(), platform, parse(BusinessRegistrationBody, form)),
      /** "Send again" for the signed-in owner (POST /api/v1/auth/email-verification). */
      requestVerification: () => verification.requestVerificationEmail(ctx(), platform),
      completeVerification: (token: string) =>
        verification.completeEmailVerification(ctx(), parse(EmailVerificationCompleteBody, { token })),
      /** Web-only: whether sign-in through VNeID (OpenID Connect) is configured, to show its button. */
      vneidEnabled: () => platform.config.oidc !== null,
    },
    users: {
      list: (query: Record<string, unknown>) => users.listUsers(ctx(), parse(UserListQuery, query, 'query')),
      get: (id: string) => users.getUser(ctx(), existingId(id, 'user')),
      create: (form: Record<string, unknown>) =>
        users.createUser(ctx(), platform, parse(UserCreateBody, blankToNull(form))),
      update: (id: string, form: Record<string, unknown>) =>
        users.updateUser(ctx(), existingId(id, 'user'), parse(UserUpdateBody, blankToNull(form))),
      setStatus: (id: string, status: 'active' | 'disabled') =>
        users.updateUser(ctx(), existingId(id, 'user'), { status }),
      unlock: (id: string) => users.unlockUser(ctx(), existingId(id, 'user')),
      /**
       * Web-only wrapper: an administrator sends the account's owner a password-reset link. The people module
       * has the public "forgot password" service; this checks users.manage over the account first, then uses it.
       * @throws NOT_FOUND, FORBIDDEN, CONFLICT (`reason: 'noEmail'`) when the account has no e-mail address
       */
      async sendPasswordReset(id: string): Promise<void> {
        const user = await users.getUser(ctx(), existingId(id, 'user'));
        const home = user.homeUnit ? await units.getUnit(ctx(), user.homeUnit.id) : null;
        assertCanManageUser(ctx().actor, { unitAncestorIds: home?.ancestorIds ?? [] });
        if (!user.email) {
          throw new AppError('CONFLICT', { reason: 'noEmail' });
        }
        await passwords.requestPasswordReset(ctx(), platform, { email: user.email });
      },
      grants: (id: string) => roles.listUserGrants(ctx(), existingId(id, 'user')),
      grant: (id: string, form: Record<string, unknown>) =>
        roles.grantRole(ctx(), existingId(id, 'user'), parse(GrantBody, blankToNull(form))),
      revoke: (id: string, grantId: string) =>
        roles.revokeRole(ctx(), existingId(id, 'user'), existingId(grantId, 'grant')),
    },
  };
}

export type WebServices = ReturnType<typeof createWebServices>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not even a UUID names nothing: NOT_FOUND, as for an unknown one. */
export function existingId(id: string, subject: string): string {
  if (!UUID.test(id)) {
    throw new AppError('NOT_FOUND', { subject });
  }
  return id;
}

/** Optional form fields arrive as empty strings; the schemas say "absent" with null. */
function blankToNull(form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    out[key] = typeof value === 'string' && value.trim() === '' ? null : value;
  }
  return out;
}

/** Parses input with a schema, or throws VALIDATION_FAILED shaped like the API's. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' = 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', {
      issues: result.error.issues.map((issue) => ({
        path: [where, ...issue.path.map(String)].join('.'),
        message: issue.message,
        code: issue.code,
      })),
    });
  }
  return result.data;
}
