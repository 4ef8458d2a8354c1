import { AppError } from '../../platform/errors.ts';
import {
  type ApologyInput,
  type ControlSheetInput,
  type Handoff,
  type HandoffOutcome,
  type ReceiptInput,
  type RefusalInput,
  type SupplementRequestInput,
  lookupUrl,
} from '../dossiers-print/print-model.ts';
import { vietnamParts } from '../../platform/i18n/vietnamese-format.ts';
import { ACTION_NAMES_VI, type DossierFacts, actionData, committeeOf, resultPickupOf } from './dossier-facts.ts';

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

/** The refusal to receive, once the dossier was refused. @throws FORM_NOT_AVAILABLE otherwise */
export function refusalInput(facts: DossierFacts, publicUrl: string): RefusalInput {
  const refusal = [...facts.timeline].reverse().find((a) => a.action === 'refuse');
  if (!refusal || facts.dossier.status !== 'refused') throw notAvailable('refusal');
  const reasons = (actionData(refusal).reasons as string[] | undefined) ?? [];
  return {
    agency: agencyOf(facts),
    dossierCode: facts.dossier.code,
    applicant: applicantOf(facts),
    procedureName: facts.labels.procedure_name,
    submittedAt: facts.dossier.submitted_at,
    refusedAt: refusal.at,
    reasons: refusal.note && !reasons.includes(refusal.note) ? [...reasons, refusal.note] : reasons,
    officerName: refusal.actor_name ?? '',
    lookupUrl: lookupUrl(publicUrl, facts.dossier.code),
  };
}

/** Actions that hand the dossier from one person or body to another, as the control sheet lists them. */
const HANDOFFS = new Set([
  'receive',
  'accept',
  'forward',
  'transfer',
  'return',
  'consult',
  'reply',
  'approve',
  'reject',
  'register_result',
  'return_result',
  'reform_move',
]);

function dayOf(at: Date): string {
  const p = vietnamParts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Before the due day, on the due day (by its time), or after the due time. */
function outcomeOf(at: Date, due: Date | null): HandoffOutcome | null {
  if (!due) return null;
  if (at.getTime() > due.getTime()) return 'late';
  return dayOf(at) === dayOf(due) ? 'on_time' : 'early';
}

function party(body: string | null, person: string | null): string {
  return [body, person].filter(Boolean).join(' — ');
}

/**
 * The control sheet: each hand-over with the step's outcome against the due time in force while the step ran (the
 * step's own, else the dossier's); the handing over of the result is measured against the appointment.
 * @throws FORM_NOT_AVAILABLE before the dossier was received
 */
export function controlSheetInput(facts: DossierFacts, publicUrl: string, printedAt = new Date()): ControlSheetInput {
  const d = facts.dossier;
  if (!d.received_at || !d.due_at) throw notAvailable('control-sheet');
  const desk = facts.labels.receiving_agency_name;
  let stepDue: Date | null = null;
  let holder = party(desk, null);
  const handoffs: Handoff[] = [];
  for (const a of facts.timeline) {
    const data = actionData(a);
    const giver = party(a.agency_name ?? a.unit_name, a.actor_name);
    if (HANDOFFS.has(a.action)) {
      const reception = a.action === 'receive' || a.action === 'accept';
      const delivered = a.action === 'return_result';
      const taker = delivered
        ? party(null, d.applicant_name)
        : party(a.to_agency_name ?? a.to_unit_name ?? a.agency_name ?? a.unit_name, a.assignee_name);
      handoffs.push({
        at: a.at,
        from: reception ? party(null, d.applicant_name) : giver || holder,
        to: reception ? giver : taker,
        what: ACTION_NAMES_VI[a.action] ?? a.action,
        outcome: reception ? null : outcomeOf(a.at, delivered ? d.due_at : (stepDue ?? d.due_at)),
      });
      holder = reception ? giver : taker;
    }
    if ('stepDueAt' in data) {
      stepDue = typeof data.stepDueAt === 'string' ? new Date(data.stepDueAt) : null;
    }
  }
  return {
    agency: agencyOf(facts),
    dossierCode: d.code,
    applicant: applicantOf(facts),
    procedureName: facts.labels.procedure_name,
    receivedAt: d.received_at,
    dueAt: d.due_at,
    handoffs,
    printedAt,
    lookupUrl: lookupUrl(publicUrl, d.code),
  };
}
