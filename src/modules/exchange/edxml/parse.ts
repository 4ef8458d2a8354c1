import {
  type Attachment,
  BUSINESS_DOC_TYPES,
  type Business,
  type BusinessDocType,
  type DocumentReference,
  EDXML_NS,
  type EdocPackage,
  EdxmlError,
  type EdxmlIssue,
  type EdxmlMessage,
  type Organization,
  type StaffInfo,
  type StatusMessage,
  type TraceHeader,
  XMLDSIG_NS,
  isOrganId,
  isStatusCode,
} from './model.ts';
import { type XmlElement, childNamed, childText, childrenNamed, readXml } from './xml-tree.ts';

/**
 * edXML text → model, naming every problem: wrong root or namespace, each missing required element (all of them at
 * once, with its path), bad values, and attachments listed in the manifest without content or carried without being
 * listed. The signature is not checked here (see signature.ts); `openEdxml` does both.
 */

export type ParseOptions = { maxBytes?: number };

/** Collects issues while reading, so one answer lists everything that is wrong. */
class Reader {
  readonly issues: EdxmlIssue[] = [];
  readonly invalid: EdxmlIssue[] = [];

  text(el: XmlElement | undefined, path: string, local: string): string {
    const value = childText(el, local);
    if (value === undefined)
      this.issues.push({ path: `${path}.${local}`, message: 'required element missing or empty' });
    return value ?? '';
  }

  element(el: XmlElement | undefined, path: string, local: string): XmlElement | undefined {
    const child = childNamed(el, local);
    if (!child) this.issues.push({ path: `${path}.${local}`, message: 'required element missing' });
    return child;
  }

  bad(path: string, message: string): void {
    this.invalid.push({ path, message });
  }

  int(el: XmlElement | undefined, path: string, local: string, fallback?: number): number | undefined {
    const value = childText(el, local);
    if (value === undefined) return fallback;
    if (!/^-?\d{1,9}$/.test(value)) {
      this.bad(`${path}.${local}`, `"${value}" is not an integer`);
      return fallback;
    }
    return Number(value);
  }

  date(value: string | undefined, path: string): string {
    if (value === undefined) return '';
    const match = /^(\d{4})[/-](\d{2})[/-](\d{2})/.exec(value);
    if (!match) {
      this.bad(path, `"${value}" is not a date (yyyy/MM/dd)`);
      return '';
    }
    return `${match[1]}-${match[2]}-${match[3]}`;
  }

  timestamp(value: string | undefined, path: string): Date {
    if (value === undefined) return new Date(Number.NaN);
    const local = /^(\d{4})[/-](\d{2})[/-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value);
    // The SDK format carries no offset: it is Vietnam time (UTC+07:00). An ISO time with an offset is taken as is.
    const at = local
      ? new Date(`${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:${local[6]}+07:00`)
      : new Date(value);
    if (Number.isNaN(at.getTime())) this.bad(path, `"${value}" is not a timestamp (yyyy/MM/dd HH:mm:ss)`);
    return at;
  }

  finish(): void {
    if (this.issues.length > 0) throw new EdxmlError('MISSING_ELEMENT', [...this.issues, ...this.invalid]);
    if (this.invalid.length > 0) throw new EdxmlError('INVALID_VALUE', this.invalid);
  }
}

function organization(r: Reader, el: XmlElement | undefined, path: string): Organization {
  const organId = r.text(el, path, 'OrganId');
  if (organId && !isOrganId(organId)) r.bad(`${path}.OrganId`, `"${organId}" is not an agency e-identifier code`);
  const org: Organization = { organId, organName: r.text(el, path, 'OrganName') };
  for (const [key, local] of [
    ['organizationInCharge', 'OrganizationInCharge'],
    ['organAdd', 'OrganAdd'],
    ['email', 'Email'],
    ['telephone', 'Telephone'],
    ['fax', 'Fax'],
    ['website', 'Website'],
  ] as const) {
    const value = childText(el, local);
    if (value !== undefined) org[key] = value;
  }
  return org;
}

function documentReference(r: Reader, el: XmlElement | undefined, path: string): DocumentReference {
  return {
    organId: r.text(el, path, 'OrganId'),
    code: r.text(el, path, 'Code'),
    promulgationDate: r.date(r.text(el, path, 'PromulgationDate') || undefined, `${path}.PromulgationDate`),
    documentId: r.text(el, path, 'DocumentId'),
  };
}

function staffInfo(el: XmlElement | undefined): StaffInfo | undefined {
  if (!el) return undefined;
  const staff: StaffInfo = {};
  for (const [key, local] of [
    ['department', 'Department'],
    ['staff', 'Staff'],
    ['mobile', 'Mobile'],
    ['email', 'Email'],
  ] as const) {
    const value = childText(el, local);
    if (value !== undefined) staff[key] = value;
  }
  return staff;
}

function traces(r: Reader, header: XmlElement): TraceHeader[] {
  const list = childNamed(header, 'TraceHeaderList');
  return childrenNamed(list, 'TraceHeader').map((t, i) => {
    const path = `TraceHeaderList.TraceHeader[${i}]`;
    return {
      organId: r.text(t, path, 'OrganId'),
      timestamp: r.timestamp(r.text(t, path, 'Timestamp'), `${path}.Timestamp`),
    };
  });
}

const DOC_TYPE_BY_CODE = new Map(Object.entries(BUSINESS_DOC_TYPES).map(([k, v]) => [String(v), k as BusinessDocType]));

function business(r: Reader, header: XmlElement): Business {
  const el = childNamed(childNamed(header, 'TraceHeaderList'), 'Bussiness');
  const path = 'TraceHeaderList.Bussiness';
  // Absent Bussiness: the package is a new document, which is what every SDK sends by default.
  const code = childText(el, 'BussinessDocType') ?? '0';
  const docType = DOC_TYPE_BY_CODE.get(code);
  if (!docType) r.bad(`${path}.BussinessDocType`, `"${code}" is not 0, 1, 2 or 3`);
  const result: Business = {
    docType: docType ?? 'new',
    paper: childText(el, 'Paper') === '1',
    replacements: childrenNamed(childNamed(el, 'ReplacementInfoList'), 'ReplacementInfo').map((info, i) => ({
      documentId: r.text(info, `${path}.ReplacementInfo[${i}]`, 'DocumentId'),
      organIds: childrenNamed(childNamed(info, 'OrganIdList'), 'OrganId').map((o) => o.text),
    })),
  };
  const reason = childText(el, 'BussinessDocReason');
  if (reason !== undefined) result.reason = reason;
  const staff = staffInfo(childNamed(el, 'StaffInfo'));
  if (staff) result.staffInfo = staff;
  if (result.docType !== 'new') result.documentId = r.text(el, path, 'DocumentId');
  return result;
}

function attachments(r: Reader, root: XmlElement, body: XmlElement | undefined): Attachment[] {
  const listed = childrenNamed(childNamed(body, 'edXMLManifest'), 'Reference').map((ref, i) => {
    // The href is read by its local name: producers bind the xlink namespace to different prefixes.
    const href = Object.entries(ref.attrs).find(([k]) => k === 'href' || k.endsWith(':href'))?.[1] ?? '';
    const contentId = childText(ref, 'ContentId') ?? href.replace(/^cid:/, '');
    if (!contentId) r.issues.push({ path: `edXMLManifest.Reference[${i}]`, message: 'no cid: reference or ContentId' });
    return { contentId, ref };
  });
  const carried = new Map<string, XmlElement>();
  for (const [i, a] of childrenNamed(childNamed(root, 'AttachmentEncoded'), 'Attachment').entries()) {
    const id = r.text(a, `AttachmentEncoded.Attachment[${i}]`, 'ContentId');
    if (carried.has(id)) r.bad(`AttachmentEncoded.Attachment[${i}].ContentId`, `"${id}" appears twice`);
    carried.set(id, a);
  }
  const listedIds = new Set(listed.map((l) => l.contentId));
  const absent = listed.filter((l) => l.contentId && !carried.has(l.contentId));
  if (absent.length > 0) {
    throw new EdxmlError(
      'ATTACHMENT_MISSING',
      absent.map((l) => ({
        path: `edXMLManifest.Reference[cid:${l.contentId}]`,
        message: 'listed but not carried in AttachmentEncoded',
      })),
    );
  }
  const unlisted = [...carried.keys()].filter((id) => !listedIds.has(id));
  if (unlisted.length > 0) {
    throw new EdxmlError(
      'ATTACHMENT_UNLISTED',
      unlisted.map((id) => ({
        path: `AttachmentEncoded.Attachment[${id}]`,
        message: 'carried but not listed in the manifest',
      })),
    );
  }
  return listed.map(({ contentId, ref }) => {
    const a = carried.get(contentId) as XmlElement;
    const path = `AttachmentEncoded.Attachment[${contentId}]`;
    // Read raw (see xml-tree.ts): drop a CDATA wrapper, line breaks written as character references, and whitespace.
    const encoded = (childText(a, 'ContentTransferEncoded') ?? '')
      .replace(/^<!\[CDATA\[|\]\]>$/g, '')
      .replace(/&#(x[dDaA]|13|10|9|x9);|\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0)
      r.bad(`${path}.ContentTransferEncoded`, 'not base64');
    const attachment: Attachment = {
      contentId,
      name: childText(a, 'AttachmentName') ?? childText(ref, 'AttachmentName') ?? r.text(a, path, 'AttachmentName'),
      contentType: childText(a, 'ContentType') ?? childText(ref, 'ContentType') ?? r.text(a, path, 'ContentType'),
      content: new Uint8Array(Buffer.from(encoded, 'base64')),
    };
    const description = childText(a, 'Description') ?? childText(ref, 'Description');
    if (description !== undefined) attachment.description = description;
    return attachment;
  });
}

function edoc(r: Reader, root: XmlElement, header: XmlElement, body: XmlElement | undefined): EdocPackage {
  const mh = childNamed(header, 'MessageHeader') as XmlElement;
  const code = r.element(mh, 'MessageHeader', 'Code');
  const promulgation = r.element(mh, 'MessageHeader', 'PromulgationInfo');
  const docType = r.element(mh, 'MessageHeader', 'DocumentType');
  const signer = r.element(mh, 'MessageHeader', 'SignerInfo');
  const other = childNamed(mh, 'OtherInfo');
  const to = childrenNamed(mh, 'To');
  if (to.length === 0) r.issues.push({ path: 'MessageHeader.To', message: 'at least one recipient is required' });
  const pkg: EdocPackage = {
    kind: 'edoc',
    header: {
      from: organization(r, r.element(mh, 'MessageHeader', 'From'), 'MessageHeader.From'),
      to: to.map((t, i) => organization(r, t, `MessageHeader.To[${i}]`)),
      documentId: r.text(mh, 'MessageHeader', 'DocumentId'),
      codeNumber: r.text(code, 'MessageHeader.Code', 'CodeNumber'),
      codeNotation: r.text(code, 'MessageHeader.Code', 'CodeNotation'),
      promulgationPlace: childText(promulgation, 'Place') ?? '',
      promulgationDate: r.date(
        r.text(promulgation, 'MessageHeader.PromulgationInfo', 'PromulgationDate') || undefined,
        'MessageHeader.PromulgationInfo.PromulgationDate',
      ),
      documentType: r.text(docType, 'MessageHeader.DocumentType', 'Type')
        ? (r.int(docType, 'MessageHeader.DocumentType', 'Type') ?? 0)
        : 0,
      documentTypeName: r.text(docType, 'MessageHeader.DocumentType', 'TypeName'),
      subject: r.text(mh, 'MessageHeader', 'Subject'),
      signer: { fullName: r.text(signer, 'MessageHeader.SignerInfo', 'FullName') },
      toPlaces: childrenNamed(childNamed(mh, 'ToPlaces'), 'Place').map((p) => p.text),
      priority: r.int(other, 'MessageHeader.OtherInfo', 'Priority', 0) ?? 0,
      appendixes: childrenNamed(childNamed(other, 'Appendixes'), 'Appendix').map((p) => p.text),
      responseFor: childrenNamed(mh, 'ResponseFor').map((x, i) =>
        documentReference(r, x, `MessageHeader.ResponseFor[${i}]`),
      ),
    },
    traces: traces(r, header),
    business: business(r, header),
    attachments: [],
  };
  const h = pkg.header;
  const optional = (value: string | undefined, set: (v: string) => void) => value !== undefined && set(value);
  optional(childText(docType, 'TypeDetail'), (v) => (h.documentTypeDetail = v));
  optional(childText(mh, 'Content'), (v) => (h.content = v));
  optional(childText(signer, 'Competence'), (v) => (h.signer.competence = v));
  optional(childText(signer, 'Position'), (v) => (h.signer.position = v));
  optional(childText(mh, 'DueDate'), (v) => (h.dueDate = r.date(v, 'MessageHeader.DueDate')));
  optional(childText(other, 'SphereOfPromulgation'), (v) => (h.sphereOfPromulgation = v));
  optional(childText(other, 'TyperNotation'), (v) => (h.typerNotation = v));
  const amounts = [
    ['PromulgationAmount', (v: number) => (h.promulgationAmount = v)],
    ['PageAmount', (v: number) => (h.pageAmount = v)],
  ] as const;
  for (const [local, set] of amounts) {
    const value = r.int(other, 'MessageHeader.OtherInfo', local);
    if (value !== undefined) set(value);
  }
  const steering = r.int(mh, 'MessageHeader', 'SteeringType');
  if (steering !== undefined) h.steeringType = steering;
  r.finish();
  pkg.attachments = attachments(r, root, body);
  r.finish();
  return pkg;
}

function status(r: Reader, header: XmlElement): StatusMessage {
  const ms = (childNamed(header, 'MessageStatus') ?? childNamed(header, 'MessageHeader')) as XmlElement;
  const code = r.text(ms, 'MessageStatus', 'StatusCode');
  if (code && !isStatusCode(code)) r.bad('MessageStatus.StatusCode', `"${code}" is not one of 01–06, 13`);
  const message: StatusMessage = {
    kind: 'status',
    responseFor: documentReference(r, r.element(ms, 'MessageStatus', 'ResponseFor'), 'MessageStatus.ResponseFor'),
    from: organization(r, r.element(ms, 'MessageStatus', 'From'), 'MessageStatus.From'),
    statusCode: (isStatusCode(code) ? code : '01') as StatusMessage['statusCode'],
    description: childText(ms, 'Description') ?? '',
    timestamp: r.timestamp(r.text(ms, 'MessageStatus', 'Timestamp'), 'MessageStatus.Timestamp'),
    traces: traces(r, header),
  };
  const staff = staffInfo(childNamed(ms, 'StaffInfo'));
  if (staff) message.staffInfo = staff;
  r.finish();
  return message;
}

/** Every element outside the XML-DSig signature must be in the QCVN 102 namespace (attachments may be unqualified). */
function checkNamespaces(el: XmlElement, path: string, allowUnqualified: boolean, issues: EdxmlIssue[]): void {
  if (el.ns === XMLDSIG_NS && el.local === 'Signature') return;
  if (el.ns !== EDXML_NS && !(allowUnqualified && el.ns === undefined)) {
    issues.push({ path, message: `in namespace ${el.ns ?? '(none)'}, expected ${EDXML_NS}` });
    if (issues.length >= 10) return;
  }
  const inAttachments = allowUnqualified || el.local === 'AttachmentEncoded';
  for (const child of el.children) checkNamespaces(child, `${path}.${child.local}`, inAttachments, issues);
}

/**
 * Parses and validates an edXML document package or status message.
 * @throws EdxmlError naming what is wrong (see EDXML_FAULTS)
 */
export function parseEdxml(xml: string, options: ParseOptions = {}): EdxmlMessage {
  const root = readXml(xml, options.maxBytes);
  if (root.local !== 'edXML') {
    throw new EdxmlError('WRONG_ROOT', [{ path: root.local, message: 'the root element must be edXML' }]);
  }
  const nsIssues: EdxmlIssue[] = [];
  checkNamespaces(root, 'edXML', false, nsIssues);
  if (nsIssues.length > 0) throw new EdxmlError('WRONG_NAMESPACE', nsIssues);
  const r = new Reader();
  const envelope = r.element(root, 'edXML', 'edXMLEnvelope');
  const header = r.element(envelope, 'edXMLEnvelope', 'edXMLHeader');
  r.finish();
  const h = header as XmlElement;
  if (childNamed(h, 'MessageStatus') || childNamed(childNamed(h, 'MessageHeader'), 'StatusCode')) {
    return status(r, h);
  }
  r.element(h, 'edXMLHeader', 'MessageHeader');
  r.finish();
  return edoc(r, root, h, childNamed(envelope, 'edXMLBody'));
}

/** Parses a package that must be a document package (not a status). @throws EdxmlError */
export function parseEdoc(xml: string, options: ParseOptions = {}): EdocPackage {
  const message = parseEdxml(xml, options);
  if (message.kind !== 'edoc') {
    throw new EdxmlError('MISSING_ELEMENT', [
      { path: 'edXMLHeader.MessageHeader', message: 'a status message, not a document' },
    ]);
  }
  return message;
}
