import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';
import { FileUpload } from '../dossiers/dossiers.schema.ts';
import { MAX_FILE_BASE64 } from '../dossiers/files.ts';
import {
  ASSIGNMENT_ROLES,
  CONFIDENTIALITIES,
  INCOMING_ACTIONS,
  INCOMING_STATUSES,
  OUTGOING_ACTIONS,
  OUTGOING_STATUSES,
  RECIPIENT_KINDS,
  URGENCIES,
} from './document-model.ts';

/** Request and response schemas of the documents API: they validate, type and document it. */

const Uuid = z.uuid();
const Text = (max: number) => z.string().trim().min(1).max(max);
const IsoDate = z.iso.date().describe('Calendar date, YYYY-MM-DD');
const AgencyCode = z
  .string()
  .regex(/^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/, 'an electronic identifier code such as 000.00.00.H38');
const TypeCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a document type code such as quyet-dinh');
const Version = z.number().int().min(1).describe('The document version the action was decided on');
const Note = Text(4000).optional();

/** The main text must be a PDF: it is what gets signed. */
const PdfUpload = z
  .object({
    filename: Text(200),
    contentType: z.literal('application/pdf'),
    data: z.string().max(MAX_FILE_BASE64).describe('The PDF, base64-encoded (at most 5 MiB decoded)'),
  })
  .strict()
  .meta({ id: 'DocumentPdfUpload' });

export const DocumentType = z
  .object({
    code: z.string(),
    name: z.string(),
    abbreviation: z.string().nullable(),
    series: z.string(),
    normativeAllowed: z.boolean(),
  })
  .meta({ id: 'DocumentType' });
export const DocumentTypeList = z.object({ items: z.array(DocumentType) }).meta({ id: 'DocumentTypeList' });

const Recipient = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('internal'), agencyId: Uuid }).strict(),
    z.object({ kind: z.literal('platform'), agencyId: Uuid }).strict(),
    z.object({ kind: z.literal('external'), code: AgencyCode, name: Text(300) }).strict(),
  ])
  .meta({ id: 'DocumentRecipientInput' });
export type TRecipient = z.infer<typeof Recipient>;

const DraftFields = {
  subject: Text(1000).describe('Summary of content (trích yếu)'),
  urgency: z.enum(URGENCIES).default('normal'),
  confidentiality: z.enum(CONFIDENTIALITIES).default('normal'),
  intendedSignerId: Uuid.nullable().optional().describe('The leader who is to sign'),
  copies: z.number().int().min(1).max(1000).default(1),
  archiveHolder: Text(200).nullable().optional().describe('Unit or person keeping the file copy'),
  recipients: z.array(Recipient).min(1).max(100),
};

export const DraftBody = z
  .object({
    agencyId: Uuid.describe('The issuing agency'),
    draftingAgencyId: Uuid.optional().describe('The drafting unit: the issuer (default) or one of its internal units'),
    typeCode: TypeCode,
    isLegalNormative: z.boolean().default(false),
    ...DraftFields,
    mainFile: PdfUpload,
    attachments: z.array(FileUpload).max(10).default([]),
    note: Note,
  })
  .strict()
  .meta({ id: 'DocumentDraftBody' });
export type TDraftBody = z.infer<typeof DraftBody>;

const ActionBase = { expectedVersion: Version, note: Note };

export const OutgoingActionBody = z
  .discriminatedUnion('action', [
    z
      .object({
        action: z.literal('revise'),
        ...ActionBase,
        subject: DraftFields.subject.optional(),
        urgency: z.enum(URGENCIES).optional(),
        confidentiality: z.enum(CONFIDENTIALITIES).optional(),
        intendedSignerId: DraftFields.intendedSignerId,
        copies: z.number().int().min(1).max(1000).optional(),
        archiveHolder: DraftFields.archiveHolder,
        recipients: DraftFields.recipients.optional(),
        mainFile: PdfUpload.optional().describe('A new version of the main text'),
        attachments: z.array(FileUpload).max(10).default([]).describe('Attachments to add'),
      })
      .strict(),
    z.object({ action: z.literal('submit'), ...ActionBase }).strict(),
    z.object({ action: z.literal('return'), ...ActionBase, note: Text(4000).describe('Comments: why') }).strict(),
    z.object({ action: z.literal('review'), ...ActionBase }).strict(),
    z.object({ action: z.literal('approve'), ...ActionBase }).strict(),
    z.object({ action: z.literal('sign'), ...ActionBase }).strict(),
    z.object({ action: z.literal('number'), ...ActionBase }).strict(),
    z.object({ action: z.literal('release'), ...ActionBase }).strict(),
    z.object({ action: z.literal('cancel'), ...ActionBase }).strict(),
  ])
  .meta({ id: 'OutgoingDocumentActionBody' });
export type TOutgoingActionBody = z.infer<typeof OutgoingActionBody>;

const FileInfo = z
  .object({ id: z.string(), kind: z.string(), filename: z.string(), contentType: z.string(), size: z.number() })
  .meta({ id: 'DocumentFile' });

const HistoryEntry = z
  .object({
    seq: z.number(),
    action: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    note: z.string().nullable(),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'DocumentHistoryEntry' });

const AgencyRef = z.object({ id: z.string(), name: z.string(), code: z.string().nullable() });

export const OutgoingSummary = z
  .object({
    id: z.string(),
    agency: AgencyRef,
    typeCode: z.string(),
    typeName: z.string(),
    subject: z.string(),
    urgency: z.enum(URGENCIES),
    status: z.enum(OUTGOING_STATUSES),
    version: z.number(),
    notation: z.string().nullable(),
    issuedOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'OutgoingDocumentSummary' });
export type TOutgoingSummary = z.infer<typeof OutgoingSummary>;

export const OutgoingDetail = OutgoingSummary.extend({
  draftingAgency: AgencyRef,
  isLegalNormative: z.boolean(),
  confidentiality: z.enum(CONFIDENTIALITIES),
  intendedSignerId: z.string().nullable(),
  draftedBy: z.string().nullable(),
  copies: z.number(),
  archiveHolder: z.string().nullable(),
  signerId: z.string().nullable(),
  signerName: z.string().nullable(),
  signedAt: z.string().nullable(),
  number: z.number().nullable(),
  numberYear: z.number().nullable(),
  releasedAt: z.string().nullable(),
  recipients: z.array(
    z.object({
      kind: z.enum(RECIPIENT_KINDS),
      agencyId: z.string().nullable(),
      code: z.string().nullable(),
      name: z.string(),
      status: z.string(),
      incomingDocumentId: z.string().nullable(),
    }),
  ),
  files: z.array(FileInfo),
  history: z.array(HistoryEntry),
  allowedActions: z.array(z.enum(OUTGOING_ACTIONS)),
}).meta({ id: 'OutgoingDocumentDetail' });
export type TOutgoingDetail = z.infer<typeof OutgoingDetail>;

export const OutgoingQuery = PageQuery.extend({
  agencyId: Uuid.optional(),
  status: z.enum(OUTGOING_STATUSES).optional(),
  year: z.coerce.number().int().min(2000).max(2200).optional(),
  q: Text(200).optional().describe('Words of the subject or the notation, ignoring accents and case'),
});
export type TOutgoingQuery = z.infer<typeof OutgoingQuery>;
export const OutgoingPage = pageOf(OutgoingSummary).meta({ id: 'OutgoingDocumentPage' });

export const PaperIncomingBody = z
  .object({
    agencyId: Uuid.describe('The receiving agency'),
    senderName: Text(300).describe('The issuing agency (tác giả)'),
    senderCode: AgencyCode.optional(),
    notation: Text(100).describe('Number and notation as printed, e.g. 45/UBND-VP'),
    issuedOn: IsoDate,
    typeCode: TypeCode.optional(),
    typeName: Text(100).optional().describe('The type as printed, when it is not one of ours (typeCode)'),
    subject: Text(1000),
    signerName: Text(200).optional(),
    urgency: z.enum(URGENCIES).default('normal'),
    confidentiality: z.enum(CONFIDENTIALITIES).default('normal'),
    scan: z
      .object({
        filename: Text(200),
        contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
        data: z.string().max(MAX_FILE_BASE64),
      })
      .strict()
      .describe('The scanned paper document'),
    attachments: z.array(FileUpload).max(10).default([]),
    note: Note,
  })
  .strict()
  .refine((b) => b.typeCode !== undefined || b.typeName !== undefined, {
    message: 'a type code or a type name is required',
    path: ['typeCode'],
  })
  .meta({ id: 'PaperIncomingDocumentBody' });
export type TPaperIncomingBody = z.infer<typeof PaperIncomingBody>;

const Assignee = z
  .object({ agencyId: Uuid.optional(), userId: Uuid.optional() })
  .strict()
  .refine((a) => a.agencyId !== undefined || a.userId !== undefined, { message: 'a unit or an officer' })
  .meta({ id: 'IncomingAssignee' });
export type TAssignee = z.infer<typeof Assignee>;

export const IncomingActionBody = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('register'), ...ActionBase }).strict(),
    z.object({ action: z.literal('refuse'), ...ActionBase, note: Text(4000).describe('Why') }).strict(),
    z.object({ action: z.literal('present'), ...ActionBase, leaderId: Uuid.optional() }).strict(),
    z
      .object({
        action: z.literal('assign'),
        ...ActionBase,
        lead: Assignee.describe('Chủ trì'),
        coordinators: z.array(Assignee).max(20).default([]).describe('Phối hợp'),
        informed: z.array(Assignee).max(50).default([]).describe('Để biết'),
        dueOn: IsoDate.describe('Handling deadline'),
      })
      .strict(),
    z.object({ action: z.literal('record_progress'), ...ActionBase, note: Text(4000) }).strict(),
    z.object({ action: z.literal('complete'), ...ActionBase }).strict(),
  ])
  .meta({ id: 'IncomingDocumentActionBody' });
export type TIncomingActionBody = z.infer<typeof IncomingActionBody>;

export const IncomingSummary = z
  .object({
    id: z.string(),
    agency: AgencyRef,
    source: z.enum(['platform', 'exchange', 'paper']),
    senderName: z.string(),
    notation: z.string(),
    issuedOn: z.string(),
    typeName: z.string(),
    subject: z.string(),
    urgency: z.enum(URGENCIES),
    status: z.enum(INCOMING_STATUSES),
    version: z.number(),
    incomingNumber: z.number().nullable(),
    registeredAt: z.string().nullable(),
    handlingDueOn: z.string().nullable(),
    arrivedAt: z.string(),
  })
  .meta({ id: 'IncomingDocumentSummary' });
export type TIncomingSummary = z.infer<typeof IncomingSummary>;

export const IncomingDetail = IncomingSummary.extend({
  senderCode: z.string().nullable(),
  typeCode: z.string().nullable(),
  signerName: z.string().nullable(),
  confidentiality: z.enum(CONFIDENTIALITIES),
  incomingYear: z.number().nullable(),
  completedAt: z.string().nullable(),
  assignments: z.array(
    z.object({
      role: z.enum(ASSIGNMENT_ROLES),
      agencyId: z.string().nullable(),
      agencyName: z.string().nullable(),
      userId: z.string().nullable(),
      userName: z.string().nullable(),
    }),
  ),
  files: z.array(FileInfo),
  history: z.array(HistoryEntry),
  allowedActions: z.array(z.enum(INCOMING_ACTIONS)),
}).meta({ id: 'IncomingDocumentDetail' });
export type TIncomingDetail = z.infer<typeof IncomingDetail>;

export const IncomingQuery = PageQuery.extend({
  agencyId: Uuid.optional(),
  status: z.enum(INCOMING_STATUSES).optional(),
  q: Text(200).optional().describe('Words of the subject, notation or sender, ignoring accents and case'),
});
export type TIncomingQuery = z.infer<typeof IncomingQuery>;
export const IncomingPage = pageOf(IncomingSummary).meta({ id: 'IncomingDocumentPage' });

export const OverdueQuery = z.object({ agencyId: Uuid.optional() });
export const OverdueList = z
  .object({
    asOf: z.string().describe('The business day the list was computed for'),
    items: z.array(IncomingSummary.extend({ daysOverdue: z.number(), leadName: z.string().nullable() })),
  })
  .meta({ id: 'OverdueIncomingList' });
export type TOverdueList = z.infer<typeof OverdueList>;

export const RegisterQuery = z
  .object({ agencyId: Uuid, from: IsoDate, to: IsoDate })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type TRegisterQuery = z.infer<typeof RegisterQuery>;

export const AgencySettingsBody = z
  .object({
    abbreviation: z
      .string()
      .regex(/^[A-Za-z0-9ĐđƯư]{1,20}$/, 'letters and digits, e.g. UBND, STP, VP')
      .describe('Abbreviation in notations'),
    internalOfAgencyId: Uuid.nullable().default(null).describe('The issuing agency this one is an internal unit of'),
  })
  .strict()
  .meta({ id: 'DocumentAgencySettingsBody' });
export type TAgencySettingsBody = z.infer<typeof AgencySettingsBody>;
export const AgencySettings = z
  .object({ agencyId: z.string(), abbreviation: z.string().nullable(), internalOfAgencyId: z.string().nullable() })
  .meta({ id: 'DocumentAgencySettings' });
export type TAgencySettings = z.infer<typeof AgencySettings>;

export const IdParams = z.object({ id: Uuid });
export const AgencyParams = z.object({ agencyId: Uuid });
export const FileParams = z.object({ id: Uuid, fileId: Uuid });
