import { AppError } from '../../platform/errors.ts';
import {
  type ApologyInput,
  type ReceiptInput,
  type SupplementRequestInput,
  lookupUrl,
} from '../dossiers-print/print-model.ts';
import { type DossierFacts, actionData, committeeOf, resultPickupOf } from './dossier-facts.ts';

/** Fills the one-stop forms from a dossier's facts. Refuses a form the dossier has not reached. */

/** The province of the tenant: the place of the forms' date line. */
const PLACE = 'Lào Cai';

function agencyOf(facts: DossierFacts) {
  return {
    parentName: committeeOf(facts.labels.receiving_unit_name),
    name: facts.labels.receiving_agency_name,
    place: PLACE,
    phone: facts.agency?.phone ?? null,
    address: facts.agency?.address ?? null,
  };
}

function applicantOf(facts: DossierFacts) {
  const d = facts.dossier;
  return {
    fullName: d.applicant_name,
    personalId: d.applicant_personal_id,
    taxCode: d.applicant_tax_code,
    address: d.applicant_address,
    phone: d.applicant_phone,
    email: d.applicant_email,
  };
}

function notAvailable(form: string): AppError {
  return new AppError('FORM_NOT_AVAILABLE', { form });
}

/** The receipt with appointment, once the dossier was accepted. @throws FORM_NOT_AVAILABLE before */
export function receiptInput(facts: DossierFacts, publicUrl: string): ReceiptInput {
  const d = facts.dossier;
  const reception = [...facts.timeline].reverse().find((a) => a.action === 'accept' || a.action === 'receive');
  if (!reception || !d.received_at || !d.due_at) throw notAvailable('receipt');
  const handedIn = new Set<string>([
    ...facts.files.filter((f) => f.kind !== 'result' && f.component_code).map((f) => f.component_code as string),
    ...facts.timeline.flatMap((a) => (actionData(a).paperComponents as string[] | undefined) ?? []),
  ]);
  const components = facts.components.filter((c) => handedIn.has(c.code));
  const owner = d.on_behalf_of as { fullName?: string; relation?: string } | null;
  return {
    agency: agencyOf(facts),
    dossierCode: d.code,
    applicant: applicantOf(facts),
    onBehalfOf: owner?.fullName ? { fullName: owner.fullName, relation: owner.relation ?? null } : null,
    procedureName: facts.labels.procedure_name,
    components: components.map((c) => ({ name: c.name, originals: c.originals, copies: c.copies })),
    deadline: facts.deadline,
    fees: facts.fees.map((f) => ({ name: f.name, amount: Number(f.amount), paid: f.paid_at !== null })),
    receivedAt: d.received_at,
    dueAt: d.due_at,
    resultPickup: resultPickupOf(facts),
    officerName: reception.actor_name ?? '',
    lookupUrl: lookupUrl(publicUrl, d.code),
  };
}

/** The latest request to supplement. @throws FORM_NOT_AVAILABLE when there was none */
export function supplementRequestInput(facts: DossierFacts, publicUrl: string): SupplementRequestInput {
  const request = [...facts.timeline].reverse().find((a) => a.action === 'request_supplement');
  if (!request) throw notAvailable('supplement-request');
  const data = actionData(request);
  return {
    agency: agencyOf(facts),
    dossierCode: facts.dossier.code,
    applicant: applicantOf(facts),
    procedureName: facts.labels.procedure_name,
    receivedAt: facts.dossier.received_at ?? facts.dossier.submitted_at,
    requestedAt: request.at,
    items: (data.items as string[] | undefined) ?? [],
    reason: request.note,
    officerName: request.actor_name ?? '',
    contactPhone: facts.agency?.phone ?? null,
    lookupUrl: lookupUrl(publicUrl, facts.dossier.code),
  };
}

/** The latest apology with its new appointment. @throws FORM_NOT_AVAILABLE when there was none */
export function apologyInput(facts: DossierFacts, publicUrl: string): ApologyInput {
  const apology = [...facts.timeline].reverse().find((a) => a.action === 'apologize');
  if (!apology) throw notAvailable('apology');
  const data = actionData(apology);
  return {
    agency: agencyOf(facts),
    dossierCode: facts.dossier.code,
    applicant: applicantOf(facts),
    procedureName: facts.labels.procedure_name,
    receivedAt: facts.dossier.received_at ?? facts.dossier.submitted_at,
    previousDueAt: new Date(String(data.previousDueAt)),
    newDueAt: new Date(String(data.dueAt)),
    reason: String(data.reason ?? ''),
    issuedAt: apology.at,
    signerTitle: 'Thủ trưởng cơ quan',
    signerName: null,
    lookupUrl: lookupUrl(publicUrl, facts.dossier.code),
  };
}
