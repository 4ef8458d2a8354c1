import { XMLBuilder } from 'fast-xml-parser';
import {
  type Attachment,
  BUSINESS_DOC_TYPES,
  type Business,
  type DocumentReference,
  EDXML_NS,
  type EdocHeader,
  type EdocPackage,
  EdxmlError,
  type EdxmlIssue,
  type Organization,
  type StaffInfo,
  type StatusMessage,
  type TraceHeader,
  XLINK_NS,
  formatDocumentId,
  isOrganId,
} from './model.ts';

/**
 * Model → edXML text (reference §1.1): root `edXML` in the QCVN 102 default namespace, the envelope and its parts
 * prefixed `edXML:`, an empty `edXML:Signature` the signer fills, and the attachments base64-encoded in
 * `AttachmentEncoded` after the envelope, each listed in the manifest by `cid:`.
 */

type Node = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: false,
  suppressEmptyNode: true,
  processEntities: true,
});

const P = 'edXML:';

/** Drops undefined and empty values so optional elements are simply absent. */
function compact(node: Node): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

function wireDate(date: string): string {
  return date.replaceAll('-', '/');
}

/** `yyyy/MM/dd HH:mm:ss` in Vietnam time (UTC+07:00, no daylight saving), as the SDK samples write timestamps. */
export function wireTimestamp(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return `${local.slice(0, 10).replaceAll('-', '/')} ${local.slice(11, 19)}`;
}

function organization(org: Organization): Node {
  return compact({
    [`${P}OrganId`]: org.organId,
    [`${P}OrganizationInCharge`]: org.organizationInCharge,
    [`${P}OrganName`]: org.organName,
    [`${P}OrganAdd`]: org.organAdd,
    [`${P}Email`]: org.email,
    [`${P}Telephone`]: org.telephone,
    [`${P}Fax`]: org.fax,
    [`${P}Website`]: org.website,
  });
}

function documentReference(ref: DocumentReference): Node {
  return {
    [`${P}OrganId`]: ref.organId,
    [`${P}Code`]: ref.code,
    [`${P}PromulgationDate`]: wireDate(ref.promulgationDate),
    [`${P}DocumentId`]: ref.documentId,
  };
}

function staffInfo(staff: StaffInfo | undefined): Node | undefined {
  if (!staff) return undefined;
  return compact({
    [`${P}Department`]: staff.department,
    [`${P}Staff`]: staff.staff,
    [`${P}Mobile`]: staff.mobile,
    [`${P}Email`]: staff.email,
  });
}

function messageHeader(h: EdocHeader): Node {
  return compact({
    [`${P}From`]: organization(h.from),
    [`${P}To`]: h.to.map(organization),
    [`${P}Code`]: { [`${P}CodeNumber`]: h.codeNumber, [`${P}CodeNotation`]: h.codeNotation },
    [`${P}PromulgationInfo`]: {
      [`${P}Place`]: h.promulgationPlace,
      [`${P}PromulgationDate`]: wireDate(h.promulgationDate),
    },
    [`${P}DocumentType`]: compact({
      [`${P}Type`]: String(h.documentType),
      [`${P}TypeName`]: h.documentTypeName,
      [`${P}TypeDetail`]: h.documentTypeDetail,
    }),
    [`${P}Subject`]: h.subject,
    [`${P}Content`]: h.content,
    [`${P}SignerInfo`]: compact({
      [`${P}Competence`]: h.signer.competence,
      [`${P}Position`]: h.signer.position,
      [`${P}FullName`]: h.signer.fullName,
    }),
    [`${P}DueDate`]: h.dueDate ? wireDate(h.dueDate) : undefined,
    [`${P}ToPlaces`]: h.toPlaces.length > 0 ? { [`${P}Place`]: h.toPlaces } : undefined,
    [`${P}OtherInfo`]: compact({
      [`${P}Priority`]: String(h.priority),
      [`${P}SphereOfPromulgation`]: h.sphereOfPromulgation,
      [`${P}TyperNotation`]: h.typerNotation,
      [`${P}PromulgationAmount`]: h.promulgationAmount?.toString(),
      [`${P}PageAmount`]: h.pageAmount?.toString(),
      [`${P}Appendixes`]: h.appendixes.length > 0 ? { [`${P}Appendix`]: h.appendixes } : undefined,
    }),
    [`${P}ResponseFor`]: h.responseFor.map(documentReference),
    [`${P}SteeringType`]: h.steeringType?.toString(),
    [`${P}DocumentId`]: h.documentId,
  });
}

function traceHeaderList(traces: TraceHeader[], business: Business | undefined): Node {
  return compact({
    '@_id': 'TraceHeaderList',
    '@_version': '1.0',
    [`${P}TraceHeader`]: traces.map((t) => ({
      [`${P}OrganId`]: t.organId,
      [`${P}Timestamp`]: wireTimestamp(t.timestamp),
    })),
    [`${P}Bussiness`]: business
      ? compact({
          [`${P}BussinessDocType`]: String(BUSINESS_DOC_TYPES[business.docType]),
          [`${P}BussinessDocReason`]: business.reason,
          [`${P}DocumentId`]: business.documentId,
          [`${P}StaffInfo`]: staffInfo(business.staffInfo),
          [`${P}Paper`]: business.paper ? '1' : '0',
          [`${P}ReplacementInfoList`]:
            business.replacements.length > 0
              ? {
                  [`${P}ReplacementInfo`]: business.replacements.map((r) => ({
                    [`${P}DocumentId`]: r.documentId,
                    [`${P}OrganIdList`]: { [`${P}OrganId`]: r.organIds },
                  })),
                }
              : undefined,
        })
      : undefined,
  });
}

function manifest(attachments: Attachment[]): Node {
  return {
    '@_version': '1.0',
    [`${P}Reference`]: attachments.map((a) => ({
      '@_xlink:href': `cid:${a.contentId}`,
      '@_xlink:type': 'simple',
      ...compact({
        [`${P}Description`]: a.description,
        [`${P}AttachmentName`]: a.name,
        [`${P}ContentType`]: a.contentType,
        [`${P}ContentId`]: a.contentId,
      }),
    })),
  };
}

function document(header: Node, body: Node | undefined, attachments: Attachment[]): string {
  const root = compact({
    '@_xmlns': EDXML_NS,
    '@_xmlns:xlink': XLINK_NS,
    [`${P}edXMLEnvelope`]: compact({
      '@_xmlns:edXML': EDXML_NS,
      [`${P}edXMLHeader`]: header,
      [`${P}edXMLBody`]: body,
    }),
    AttachmentEncoded:
      attachments.length > 0
        ? {
            Attachment: attachments.map((a) =>
              compact({
                ContentType: a.contentType,
                ContentId: a.contentId,
                Description: a.description,
                ContentTransferEncoded: Buffer.from(
                  a.content.buffer,
                  a.content.byteOffset,
                  a.content.byteLength,
                ).toString('base64'),
                AttachmentName: a.name,
              }),
            ),
          }
        : undefined,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ edXML: root })}`;
}

function required(issues: EdxmlIssue[], path: string, value: unknown): void {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    issues.push({ path, message: 'required' });
  }
}

/** Refuses a model the parser would refuse, so nothing we send can be rejected for its shape. */
function checkEdoc(pkg: EdocPackage): void {
  const issues: EdxmlIssue[] = [];
  const h = pkg.header;
  for (const [path, org] of [['From', h.from], ...h.to.map((t, i) => [`To[${i}]`, t] as const)] as const) {
    if (!isOrganId(org.organId)) issues.push({ path: `${path}.OrganId`, message: 'not an agency e-identifier code' });
    required(issues, `${path}.OrganName`, org.organName);
  }
  required(issues, 'To', h.to);
  required(issues, 'Code.CodeNumber', h.codeNumber);
  required(issues, 'Code.CodeNotation', h.codeNotation);
  required(issues, 'Subject', h.subject);
  required(issues, 'SignerInfo.FullName', h.signer.fullName);
  if (pkg.business.docType !== 'new') required(issues, 'Bussiness.DocumentId', pkg.business.documentId);
  const ids = new Set<string>();
  for (const a of pkg.attachments) {
    if (ids.has(a.contentId)) issues.push({ path: `Attachment[${a.contentId}]`, message: 'ContentId used twice' });
    ids.add(a.contentId);
  }
  if (issues.length > 0) throw new EdxmlError('MISSING_ELEMENT', issues);
}

/**
 * Builds the unsigned edXML of a document package; the TraceHeaderList gets the sender's hop when none is given.
 * @throws EdxmlError when a required element is empty
 */
export function buildEdoc(
  input: Omit<EdocPackage, 'kind' | 'header'> & { header: Omit<EdocHeader, 'documentId'> & { documentId?: string } },
): string {
  const header: EdocHeader = {
    ...input.header,
    documentId:
      input.header.documentId ??
      formatDocumentId(
        input.header.from.organId,
        input.header.promulgationDate,
        input.header.codeNumber,
        input.header.codeNotation,
      ),
  };
  const pkg: EdocPackage = { kind: 'edoc', ...input, header };
  checkEdoc(pkg);
  return document(
    {
      [`${P}MessageHeader`]: messageHeader(header),
      [`${P}TraceHeaderList`]: traceHeaderList(pkg.traces, pkg.business),
      [`${P}Signature`]: '',
    },
    { [`${P}edXMLManifest`]: manifest(pkg.attachments) },
    pkg.attachments,
  );
}

/** Builds the unsigned edXML of a status message (MessageStatus, §1.5). */
export function buildStatus(message: Omit<StatusMessage, 'kind'>): string {
  return document(
    {
      [`${P}MessageStatus`]: compact({
        [`${P}ResponseFor`]: documentReference(message.responseFor),
        [`${P}From`]: organization(message.from),
        [`${P}StatusCode`]: message.statusCode,
        [`${P}Description`]: message.description,
        [`${P}Timestamp`]: wireTimestamp(message.timestamp),
        [`${P}StaffInfo`]: staffInfo(message.staffInfo),
      }),
      [`${P}TraceHeaderList`]: traceHeaderList(message.traces, undefined),
      [`${P}Signature`]: '',
    },
    undefined,
    [],
  );
}
