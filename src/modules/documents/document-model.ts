/**
 * The model of official documents (NĐ 30/2020/NĐ-CP): statuses, the actions that can be recorded, and which status
 * each action leads to from each status — tables the compiler checks. Pure: no I/O.
 *
 * Outgoing (văn bản đi, Art. 10–19): draft → submitted for review → returned with comments (edit, resubmit) or
 * reviewed (format checked) → approved by a leader → signed → numbered and dated from the register (paper documents
 * after signature; electronic ones at release) → released to their recipients.
 *
 * Incoming (văn bản đến, Art. 20–24): arrived (electronically, pending registration) → registered with an incoming
 * number by the văn thư (paper documents are registered on entry) → presented to a leader → assigned for handling
 * (one lead, coordinators, those informed, a deadline) → progress recorded → completed.
 */

export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const CONFIDENTIALITIES = ['normal', 'confidential', 'secret', 'top_secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITIES)[number];

export const OUTGOING_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'reviewed',
  'approved',
  'signed',
  'numbered',
  'released',
  'cancelled',
] as const;
export type OutgoingStatus = (typeof OUTGOING_STATUSES)[number];

export const OUTGOING_ACTIONS = [
  /** Creates the document (first entry of the log). */
  'draft',
  'revise',
  'submit',
  'return',
  'review',
  'approve',
  'sign',
  'number',
  'release',
  'cancel',
] as const;
export type OutgoingAction = (typeof OUTGOING_ACTIONS)[number];
export type OutgoingFollowUpAction = Exclude<OutgoingAction, 'draft'>;

/** From each status, the actions allowed and the status each leads to. */
export const OUTGOING_TRANSITIONS = {
  draft: { revise: 'draft', submit: 'submitted', cancel: 'cancelled' },
  returned: { revise: 'returned', submit: 'submitted', cancel: 'cancelled' },
  submitted: { return: 'returned', review: 'reviewed' },
  reviewed: { return: 'returned', approve: 'approved' },
  approved: { return: 'returned', sign: 'signed' },
  // An electronic document is numbered by the system as it is released; a paper one is numbered first.
  signed: { number: 'numbered', release: 'released' },
  numbered: { release: 'released' },
  released: {},
  cancelled: {},
} as const satisfies Record<OutgoingStatus, Partial<Record<OutgoingFollowUpAction, OutgoingStatus>>>;

/** The status `action` leads to from `status`, or null when the status does not allow it. */
export function nextOutgoingStatus(status: OutgoingStatus, action: OutgoingFollowUpAction): OutgoingStatus | null {
  const row: Partial<Record<OutgoingFollowUpAction, OutgoingStatus>> = OUTGOING_TRANSITIONS[status];
  return row[action] ?? null;
}

/** The actions `status` allows, in table order. */
export function outgoingActionsIn(status: OutgoingStatus): OutgoingFollowUpAction[] {
  return Object.keys(OUTGOING_TRANSITIONS[status]) as OutgoingFollowUpAction[];
}

export const INCOMING_STATUSES = [
  'pending',
  'refused',
  'registered',
  'presented',
  'assigned',
  'in_progress',
  'completed',
] as const;
export type IncomingStatus = (typeof INCOMING_STATUSES)[number];

export const INCOMING_ACTIONS = [
  /** Creates the document: arrived electronically (pending) or registered from paper at once. */
  'arrive',
  'register',
  'refuse',
  'present',
  'assign',
  'record_progress',
  'complete',
] as const;
export type IncomingAction = (typeof INCOMING_ACTIONS)[number];
export type IncomingFollowUpAction = Exclude<IncomingAction, 'arrive'>;

/** From each status, the actions allowed and the status each leads to. */
export const INCOMING_TRANSITIONS = {
  pending: { register: 'registered', refuse: 'refused' },
  refused: {},
  // A leader may assign without a formal presentation (the văn thư hands it over in person).
  registered: { present: 'presented', assign: 'assigned' },
  presented: { assign: 'assigned' },
  assigned: { assign: 'assigned', record_progress: 'in_progress', complete: 'completed' },
  in_progress: { assign: 'in_progress', record_progress: 'in_progress', complete: 'completed' },
  completed: {},
} as const satisfies Record<IncomingStatus, Partial<Record<IncomingFollowUpAction, IncomingStatus>>>;

/** The status `action` leads to from `status`, or null when the status does not allow it. */
export function nextIncomingStatus(status: IncomingStatus, action: IncomingFollowUpAction): IncomingStatus | null {
  const row: Partial<Record<IncomingFollowUpAction, IncomingStatus>> = INCOMING_TRANSITIONS[status];
  return row[action] ?? null;
}

/** The actions `status` allows, in table order. */
export function incomingActionsIn(status: IncomingStatus): IncomingFollowUpAction[] {
  return Object.keys(INCOMING_TRANSITIONS[status]) as IncomingFollowUpAction[];
}

/** Statuses in which handling is under way and a deadline can pass. */
export const HANDLING_STATUSES = ['assigned', 'in_progress'] as const satisfies readonly IncomingStatus[];

/**
 * What the recipient-side status of an incoming document is reported as (to the sender on this platform, and to
 * the exchange, which maps it to edXML status codes 02–06, reference §1.5).
 */
export const REPORTED_INCOMING_STATUSES = [
  'refused',
  'registered',
  'assigned',
  'in_progress',
  'completed',
] as const satisfies readonly IncomingStatus[];
export type ReportedIncomingStatus = (typeof REPORTED_INCOMING_STATUSES)[number];

export const ASSIGNMENT_ROLES = ['lead', 'coordinate', 'inform'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export const RECIPIENT_KINDS = ['internal', 'platform', 'external'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** The series of the incoming register in the counters table. */
export const INCOMING_SERIES = 'incoming';
/** The series of classified documents (Art. 15: secret documents are numbered separately). */
export const SECRET_SERIES = 'secret';

/**
 * The series an outgoing document is numbered in (Art. 15): classified documents in the secret series,
 * legal-normative ones in their type's own series, the rest in the series their type is configured with
 * (by default the agency's common series).
 */
export function seriesFor(doc: {
  typeCode: string;
  typeSeries: string;
  isLegalNormative: boolean;
  confidentiality: Confidentiality;
}): string {
  if (doc.confidentiality !== 'normal') return SECRET_SERIES;
  if (doc.isLegalNormative) return `normative:${doc.typeCode}`;
  return doc.typeSeries;
}

/**
 * The number and notation (Annex I): numbers below 10 get a leading zero; a typed document reads
 * `12/QĐ-UBND`, a legal-normative one carries the year `12/2026/QĐ-UBND`, and a công văn (no type abbreviation)
 * names the issuer and the drafting unit, `15/UBND-VP`.
 */
export function formatNotation(input: {
  number: number;
  year: number;
  typeAbbreviation: string | null;
  issuerAbbreviation: string;
  draftingAbbreviation: string;
  isLegalNormative: boolean;
}): string {
  const number = String(input.number).padStart(2, '0');
  if (input.typeAbbreviation === null) {
    return `${number}/${input.issuerAbbreviation}-${input.draftingAbbreviation}`;
  }
  const year = input.isLegalNormative ? `${input.year}/` : '';
  return `${number}/${year}${input.typeAbbreviation}-${input.issuerAbbreviation}`;
}
