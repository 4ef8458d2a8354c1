/**
 * The edXML vocabulary of QCVN 102:2016/BTTTT (reference §1): the typed model of a document package (eDoc) and of a
 * status message, the code lists, and the error every builder, parser and verifier throws. Pure data, no I/O.
 */

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** An agency as edXML names it (From, To): OrganId is its electronic identifier code (§1.7). */
export type Organization = {
  organId: string;
  organName: string;
  organizationInCharge?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
};

/** The document a reply, a status or a revoke/update/replace points at (ResponseFor). */
export type DocumentReference = {
  organId: string;
  /** `number/notation` as printed, e.g. `7816/VPCP-TTĐT`. */
  code: string;
  /** `yyyy-MM-dd`. */
  promulgationDate: string;
  documentId: string;
};

export type StaffInfo = { department?: string; staff?: string; mobile?: string; email?: string };

/** BussinessDocType 0/1/2/3 (§1.3). */
export const BUSINESS_DOC_TYPES = { new: 0, revoke: 1, update: 2, replace: 3 } as const;
export type BusinessDocType = keyof typeof BUSINESS_DOC_TYPES;

export type Business = {
  docType: BusinessDocType;
  /** Why the document is revoked, updated or replaced. */
  reason?: string;
  /** The DocumentId of the document being revoked, updated or replaced; required unless `docType` is `new`. */
  documentId?: string;
  staffInfo?: StaffInfo;
  /** True when a paper copy is also sent (Paper = 1). */
  paper: boolean;
  /** For replacements: which documents are replaced at which agencies. */
  replacements: { documentId: string; organIds: string[] }[];
};

/** One hop the package went through (TraceHeader). */
export type TraceHeader = { organId: string; timestamp: Date };

/** A file carried in AttachmentEncoded and listed in the manifest by `cid:`. */
export type Attachment = {
  contentId: string;
  name: string;
  contentType: string;
  description?: string;
  content: Uint8Array;
};

/** MessageHeader of a document package (§1.2). Dates are `yyyy-MM-dd` in the model, `yyyy/MM/dd` on the wire. */
export type EdocHeader = {
  from: Organization;
  to: Organization[];
  /** `<OrganId>,<yyyy/MM/dd>,<number>/<notation>`; computed by the builder when absent. */
  documentId: string;
  codeNumber: string;
  codeNotation: string;
  promulgationPlace: string;
  promulgationDate: string;
  /** Document type code (Type); the national code list is UNCONFIRMED (§1.2), so any integer is carried. */
  documentType: number;
  documentTypeName: string;
  documentTypeDetail?: string;
  subject: string;
  content?: string;
  signer: { competence?: string; position?: string; fullName: string };
  dueDate?: string;
  toPlaces: string[];
  priority: number;
  sphereOfPromulgation?: string;
  typerNotation?: string;
  promulgationAmount?: number;
  pageAmount?: number;
  appendixes: string[];
  responseFor: DocumentReference[];
  steeringType?: number;
};

export type EdocPackage = {
  kind: 'edoc';
  header: EdocHeader;
  traces: TraceHeader[];
  business: Business;
  attachments: Attachment[];
};

/** Status codes (§1.5). 14–16 (answers to a recall) are left out: their meaning is UNCONFIRMED. */
export const STATUS_CODES = {
  '01': 'received',
  '02': 'refused',
  '03': 'accepted',
  '04': 'assigned',
  '05': 'processing',
  '06': 'completed',
  '13': 'recall_requested',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;

export function isStatusCode(value: string): value is StatusCode {
  return Object.hasOwn(STATUS_CODES, value);
}

/** A processing-status message about a document received earlier (MessageStatus, §1.5). */
export type StatusMessage = {
  kind: 'status';
  /** The original document the status is about; its `organId` is the original sender, who receives the status. */
  responseFor: DocumentReference;
  /** The agency reporting the status (the receiver of the original document). */
  from: Organization;
  statusCode: StatusCode;
  description: string;
  timestamp: Date;
  staffInfo?: StaffInfo;
  traces: TraceHeader[];
};

export type EdxmlMessage = EdocPackage | StatusMessage;

/** What can be wrong with a package; each names one class of fault so a receiver can answer precisely. */
export const EDXML_FAULTS = [
  'TOO_LARGE',
  'DOCTYPE_FORBIDDEN',
  'NOT_WELL_FORMED',
  'WRONG_ROOT',
  'WRONG_NAMESPACE',
  'MISSING_ELEMENT',
  'INVALID_VALUE',
  'ATTACHMENT_MISSING',
  'ATTACHMENT_UNLISTED',
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'CERTIFICATE_NOT_VALID_AT_SIGNING',
  'CERTIFICATE_NOT_TRUSTED',
] as const;
export type EdxmlFault = (typeof EDXML_FAULTS)[number];

export type EdxmlIssue = { path: string; message: string };

/** A package that cannot be built, parsed or trusted; `issues` name each element or check that failed. */
export class EdxmlError extends Error {
  override readonly name = 'EdxmlError';
  constructor(
    readonly fault: EdxmlFault,
    readonly issues: EdxmlIssue[],
  ) {
    super(`${fault}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  }
}

const ORGAN_ID = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;

/** True for an agency e-identifier code such as `000.00.00.H38` (§1.7). */
export function isOrganId(value: string): boolean {
  return ORGAN_ID.test(value);
}

/** The cross-agency key of a document (§1.2): `000.00.00.G22,2015/09/30,7816/VPCP-TTĐT`. */
export function formatDocumentId(organId: string, promulgationDate: string, number: string, notation: string): string {
  return `${organId},${promulgationDate.replaceAll('-', '/')},${number}/${notation}`;
}
