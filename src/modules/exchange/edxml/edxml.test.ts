import { randomBytes, randomUUID } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestIdentity, makeIdentity, sampleHeader } from '../exchange-test-support.ts';
import {
  type Attachment,
  EDXML_NS,
  type EdocPackage,
  EdxmlError,
  type EdxmlFault,
  STATUS_CODES,
  type StatusCode,
  XMLDSIG_NS,
  buildEdoc,
  buildStatus,
  createPemSigner,
  openEdxml,
  parseEdoc,
  parseEdxml,
  verifyEdxmlSignature,
} from './index.ts';

const SENDER = '000.00.00.H38';
const RECEIVER = '000.00.31.H38';

function faultOf(run: () => unknown): { fault: EdxmlFault; text: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof EdxmlError) return { fault: error.fault, text: error.message };
    throw error;
  }
  throw new Error('expected an EdxmlError');
}

function attachment(name: string, bytes: Uint8Array, contentType = 'application/pdf'): Attachment {
  return { contentId: randomUUID(), name, contentType, description: `Tệp ${name}`, content: bytes };
}

function samplePackage(attachments: Attachment[] = []): Omit<EdocPackage, 'kind' | 'header'> & {
  header: ReturnType<typeof sampleHeader>;
} {
  return {
    header: sampleHeader(SENDER, [RECEIVER, '000.00.32.H38']),
    traces: [{ organId: SENDER, timestamp: new Date() }],
    business: { docType: 'new', paper: false, replacements: [] },
    attachments,
  };
}

describe('edXML packages', () => {
  let identity: TestIdentity;

  beforeAll(() => {
    identity = makeIdentity('Văn phòng UBND tỉnh Lào Cai');
  });

  it('round-trips a document package with Vietnamese text, markup characters and binary attachments', () => {
    const pdf = new Uint8Array(randomBytes(3000));
    const input = samplePackage([
      attachment('Công văn 125.pdf', pdf),
      attachment('Phụ lục.docx', new Uint8Array([0, 1, 2])),
    ]);
    const xml = buildEdoc(input);
    const parsed = parseEdoc(xml);
    expect(parsed.header.documentId).toBe(`${SENDER},2026/03/02,125/UBND-VP`);
    expect(parsed.header).toEqual({ ...input.header, documentId: `${SENDER},2026/03/02,125/UBND-VP` });
    expect(parsed.business).toEqual(input.business);
    expect(parsed.traces[0]?.organId).toBe(SENDER);
    // Timestamps travel at second precision in Vietnam time.
    expect(
      Math.abs((parsed.traces[0]?.timestamp.getTime() ?? 0) - (input.traces[0]?.timestamp.getTime() ?? 0)),
    ).toBeLessThan(1000);
    expect(parsed.attachments.map((a) => a.name)).toEqual(['Công văn 125.pdf', 'Phụ lục.docx']);
    expect(Buffer.from(parsed.attachments[0]?.content ?? []).equals(Buffer.from(pdf))).toBe(true);
    expect(parsed.header.to[0]?.organName).toBe('Cơ quan nhận 1 <&> "Sở"');
  });

  it('lays the package out as QCVN 102 does: namespace, envelope, manifest by cid:, attachments after the envelope', () => {
    const a = attachment('a.pdf', new Uint8Array([1, 2, 3]));
    const xml = createPemSigner(identity).sign(buildEdoc(samplePackage([a])));
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const root = doc.documentElement as unknown as Element;
    expect([root.localName, root.namespaceURI]).toEqual(['edXML', EDXML_NS]);
    const [envelope, encoded] = Array.from(root.childNodes as unknown as Element[]);
    expect([envelope?.nodeName, envelope?.namespaceURI]).toEqual(['edXML:edXMLEnvelope', EDXML_NS]);
    expect(encoded?.localName).toBe('AttachmentEncoded');
    const header = envelope?.getElementsByTagNameNS(EDXML_NS, 'edXMLHeader')[0];
    expect(Array.from(header?.childNodes as unknown as Element[]).map((n) => n.localName)).toEqual([
      'MessageHeader',
      'TraceHeaderList',
      'Signature',
    ]);
    const reference = envelope?.getElementsByTagNameNS(EDXML_NS, 'Reference')[0];
    expect(reference?.getAttributeNS('http://www.w3.org/1999/xlink', 'href')).toBe(`cid:${a.contentId}`);
    const signature = doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature')[0];
    expect(signature?.parentNode?.nodeName).toBe('edXML:Signature');
    expect(signature?.getElementsByTagNameNS(XMLDSIG_NS, 'X509SubjectName')[0]?.textContent).toBe(
      'CN=Văn phòng UBND tỉnh Lào Cai,O=UBND tỉnh Lào Cai,C=VN',
    );
    expect(xml).toContain('<Reference URI="">');
    expect(xml).toContain('xml-exc-c14n#');
    expect(xml).toContain('enveloped-signature');
    expect(xml).toContain('rsa-sha256');
  });

  it('reads a package written by hand after the reference sample structure (§1.1)', () => {
    const content = Buffer.from('%PDF-1.4 công văn').toString('base64');
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<edXML xmlns="${EDXML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName></edXML:From>
        <edXML:To><edXML:OrganId>000.00.00.H38</edXML:OrganId><edXML:OrganName>UBND tỉnh Lào Cai</edXML:OrganName></edXML:To>
        <edXML:Code><edXML:CodeNumber>7816</edXML:CodeNumber><edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation></edXML:Code>
        <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place><edXML:PromulgationDate>2015/09/30</edXML:PromulgationDate></edXML:PromulgationInfo>
        <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
        <edXML:Subject>V/v triển khai hệ thống</edXML:Subject>
        <edXML:Content>Nội dung</edXML:Content>
        <edXML:SignerInfo><edXML:Competence>TL. BỘ TRƯỞNG</edXML:Competence><edXML:Position>Cục trưởng</edXML:Position><edXML:FullName>Trần Văn B</edXML:FullName></edXML:SignerInfo>
        <edXML:DueDate>2015/10/15</edXML:DueDate>
        <edXML:ToPlaces><edXML:Place>Như trên</edXML:Place></edXML:ToPlaces>
        <edXML:OtherInfo><edXML:Priority>0</edXML:Priority><edXML:PageAmount>2</edXML:PageAmount></edXML:OtherInfo>
        <edXML:SteeringType>1</edXML:SteeringType>
        <edXML:DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</edXML:DocumentId>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList id="t" version="1.0" mustUnderstand="1" actor="x">
        <edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:Timestamp>2015/09/30 10:15:00</edXML:Timestamp></edXML:TraceHeader>
        <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType><edXML:Paper>0</edXML:Paper></edXML:Bussiness>
      </edXML:TraceHeaderList>
      <edXML:Signature/>
    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
        <edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:4b1c" xlink:type="simple">
          <edXML:Description>Văn bản</edXML:Description><edXML:AttachmentName>7816.pdf</edXML:AttachmentName>
          <edXML:ContentType>application/pdf</edXML:ContentType><edXML:ContentId>4b1c</edXML:ContentId>
        </edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment><ContentType>application/pdf</ContentType><ContentId>4b1c</ContentId><Description>Văn bản</Description>
      <ContentTransferEncoded>${content.slice(0, 8)}
${content.slice(8)}</ContentTransferEncoded><AttachmentName>7816.pdf</AttachmentName></Attachment>
  </AttachmentEncoded>
</edXML>`;
    const pkg = parseEdoc(xml);
    expect(pkg.header.documentId).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(pkg.header.promulgationDate).toBe('2015-09-30');
    expect(pkg.header.signer).toEqual({ competence: 'TL. BỘ TRƯỞNG', position: 'Cục trưởng', fullName: 'Trần Văn B' });
    expect(pkg.traces[0]?.timestamp.toISOString()).toBe('2015-09-30T03:15:00.000Z');
    expect(Buffer.from(pkg.attachments[0]?.content ?? []).toString()).toBe('%PDF-1.4 công văn');
    // Signed by us, the hand-written package verifies like our own.
    const signed = createPemSigner(identity).sign(xml);
    expect(verifyEdxmlSignature(signed).certificate.subject).toContain('Lào Cai');
  });

  it('round-trips revoke, update and replace packages with their reason and the document they affect', () => {
    for (const docType of ['revoke', 'update', 'replace'] as const) {
      const input = samplePackage();
      input.business = {
        docType,
        reason: 'Sai sót số liệu',
        documentId: `${SENDER},2026/03/01,120/UBND-VP`,
        staffInfo: { department: 'Văn thư', staff: 'Lê Thị C', mobile: '0912345678', email: 'vt@laocai.gov.vn' },
        paper: true,
        replacements:
          docType === 'replace' ? [{ documentId: `${SENDER},2026/03/01,120/UBND-VP`, organIds: [RECEIVER] }] : [],
      };
      expect(parseEdoc(buildEdoc(input)).business).toEqual(input.business);
    }
    const revoke = samplePackage();
    revoke.business = { docType: 'revoke', paper: false, replacements: [] };
    expect(faultOf(() => buildEdoc(revoke)).fault).toBe('MISSING_ELEMENT');
  });

  it('builds and parses status messages for every confirmed code, and refuses an unknown code', () => {
    for (const code of Object.keys(STATUS_CODES) as StatusCode[]) {
      const message = {
        responseFor: {
          organId: SENDER,
          code: '125/UBND-VP',
          promulgationDate: '2026-03-02',
          documentId: `${SENDER},2026/03/02,125/UBND-VP`,
        },
        from: { organId: RECEIVER, organName: 'Sở Tư pháp tỉnh Lào Cai' },
        statusCode: code,
        description: `Trạng thái ${code}`,
        timestamp: new Date('2026-03-02T02:00:00Z'),
        staffInfo: { department: 'Văn thư', staff: 'Phạm D' },
        traces: [],
      };
      expect(parseEdxml(buildStatus(message))).toEqual({ kind: 'status', ...message });
    }
    const bad = buildStatus({
      responseFor: { organId: SENDER, code: '1/X', promulgationDate: '2026-03-02', documentId: 'x' },
      from: { organId: RECEIVER, organName: 'Sở' },
      statusCode: '01',
      description: '',
      timestamp: new Date(),
      traces: [],
    }).replace('<edXML:StatusCode>01</edXML:StatusCode>', '<edXML:StatusCode>99</edXML:StatusCode>');
    expect(faultOf(() => parseEdxml(bad))).toMatchObject({
      fault: 'INVALID_VALUE',
      text: expect.stringContaining('StatusCode'),
    });
  });
});

describe('edXML validation names what is wrong', () => {
  const good = () => buildEdoc(samplePackage([attachment('a.pdf', new Uint8Array([1]))]));

  it('refuses text that is not well-formed, with its position', () => {
    const { fault, text } = faultOf(() => parseEdxml(good().replace('</edXML:Subject>', '</edXML:Subjec>')));
    expect(fault).toBe('NOT_WELL_FORMED');
    expect(text).toMatch(/line 1, column \d+/);
  });

  it('refuses any DOCTYPE, so entity expansion never happens (billion laughs, external entities)', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><edXML xmlns="${EDXML_NS}">&b;</edXML>`;
    expect(faultOf(() => parseEdxml(laughs)).fault).toBe('DOCTYPE_FORBIDDEN');
    const external = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML>&x;</edXML>`;
    expect(faultOf(() => parseEdxml(external)).fault).toBe('DOCTYPE_FORBIDDEN');
    expect(faultOf(() => verifyEdxmlSignature(external)).fault).toBe('DOCTYPE_FORBIDDEN');
  });

  it('refuses a package over the size limit before parsing it', () => {
    expect(faultOf(() => parseEdxml(good(), { maxBytes: 1000 })).fault).toBe('TOO_LARGE');
  });

  it('refuses a wrong root and the wrong namespace (the old go.vn/eDoc variant)', () => {
    expect(faultOf(() => parseEdxml('<EdXMLEnvelope xmlns="http://www.go.vn/eDoc"/>')).fault).toBe('WRONG_ROOT');
    const wrongNs = good().replaceAll(EDXML_NS, 'http://www.go.vn/eDoc');
    expect(faultOf(() => parseEdxml(wrongNs))).toMatchObject({
      fault: 'WRONG_NAMESPACE',
      text: expect.stringContaining('go.vn'),
    });
  });

  it('lists every missing required element with its path', () => {
    const xml = good()
      .replace(/<edXML:Subject>.*?<\/edXML:Subject>/, '')
      .replace(/<edXML:To>.*?<\/edXML:To>/g, '')
      .replace(/<edXML:CodeNumber>.*?<\/edXML:CodeNumber>/, '');
    const { fault, text } = faultOf(() => parseEdxml(xml));
    expect(fault).toBe('MISSING_ELEMENT');
    expect(text).toContain('MessageHeader.Subject');
    expect(text).toContain('MessageHeader.To');
    expect(text).toContain('MessageHeader.Code.CodeNumber');
  });

  it('refuses an attachment listed but not carried, and one carried but not listed', () => {
    const xml = good();
    const withoutContent = xml.replace(/<AttachmentEncoded>.*<\/AttachmentEncoded>/, '');
    expect(faultOf(() => parseEdxml(withoutContent)).fault).toBe('ATTACHMENT_MISSING');
    const withoutListing = xml.replace(
      /<edXML:edXMLManifest version="1.0">.*<\/edXML:edXMLManifest>/,
      '<edXML:edXMLManifest version="1.0"/>',
    );
    expect(faultOf(() => parseEdxml(withoutListing)).fault).toBe('ATTACHMENT_UNLISTED');
    const notBase64 = xml.replace(/<ContentTransferEncoded>[^<]*</, '<ContentTransferEncoded>***<');
    expect(faultOf(() => parseEdxml(notBase64)).fault).toBe('INVALID_VALUE');
  });

  it('refuses a bad agency code and a bad date as invalid values', () => {
    const xml = good().replace(`<edXML:OrganId>${RECEIVER}</edXML:OrganId>`, '<edXML:OrganId>H38.1</edXML:OrganId>');
    expect(faultOf(() => parseEdxml(xml))).toMatchObject({
      fault: 'INVALID_VALUE',
      text: expect.stringContaining('To[0].OrganId'),
    });
    const badDate = good().replace('<edXML:PromulgationDate>2026/03/02<', '<edXML:PromulgationDate>hôm qua<');
    expect(faultOf(() => parseEdxml(badDate)).fault).toBe('INVALID_VALUE');
  });
});

describe('edXML signatures', () => {
  let identity: TestIdentity;
  let stranger: TestIdentity;
  beforeAll(() => {
    identity = makeIdentity('Văn phòng UBND tỉnh Lào Cai');
    stranger = makeIdentity('Kẻ giả mạo', 'Không rõ');
  });

  const signed = (pkg = samplePackage([attachment('a.pdf', new Uint8Array(randomBytes(500)))])) =>
    createPemSigner(identity).sign(buildEdoc(pkg));

  it('verifies and returns the signer certificate; pinning accepts only the pinned one', () => {
    const xml = signed();
    const { message, signature } = openEdxml(xml, { trustedCertificates: [identity.certificatePem] });
    expect(message.kind).toBe('edoc');
    expect(signature.algorithm).toBe('rsa-sha256');
    expect(signature.certificate.subject).toContain('CN=Văn phòng UBND tỉnh Lào Cai');
    expect(faultOf(() => openEdxml(xml, { trustedCertificates: [stranger.certificatePem] })).fault).toBe(
      'CERTIFICATE_NOT_TRUSTED',
    );
  });

  it('reports an unsigned package as unsigned', () => {
    expect(faultOf(() => openEdxml(buildEdoc(samplePackage()))).fault).toBe('SIGNATURE_MISSING');
  });

  it('detects tampering with the header, an attachment or the signature value', () => {
    const xml = signed();
    const subject = xml.replace('V/v triển khai', 'V/v hủy bỏ');
    expect(faultOf(() => openEdxml(subject))).toMatchObject({
      fault: 'SIGNATURE_INVALID',
      text: expect.stringContaining('digest'),
    });
    const attached = xml.replace(
      /<ContentTransferEncoded>(.)/,
      (_m, c: string) => `<ContentTransferEncoded>${c === 'A' ? 'B' : 'A'}`,
    );
    expect(faultOf(() => openEdxml(attached)).fault).toBe('SIGNATURE_INVALID');
    const value = xml.replace(/<SignatureValue>(.)/, (_m, c: string) => `<SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    expect(faultOf(() => openEdxml(value)).fault).toBe('SIGNATURE_INVALID');
  });

  it('refuses a re-signature by someone else presented with the original certificate, and two signatures', () => {
    const forged = createPemSigner(stranger).sign(buildEdoc(samplePackage()));
    const stolenCert = forged.replace(
      /<X509Certificate>[^<]+</,
      `<X509Certificate>${identity.certificatePem.replace(/-----[^-]+-----|\s/g, '')}<`,
    );
    expect(faultOf(() => openEdxml(stolenCert, { trustedCertificates: [identity.certificatePem] })).fault).toBe(
      'SIGNATURE_INVALID',
    );
    const twice = createPemSigner(identity).sign(signed());
    expect(faultOf(() => verifyEdxmlSignature(twice)).text).toContain('exactly one');
  });

  it('accepts rsa-sha1 (the VPCP sample) only when allowed', () => {
    const xml = createPemSigner({ ...identity, algorithm: 'rsa-sha1' }).sign(buildEdoc(samplePackage()));
    expect(xml).toContain('xmldsig#rsa-sha1');
    expect(faultOf(() => openEdxml(xml)).fault).toBe('SIGNATURE_INVALID');
    expect(openEdxml(xml, { allowedAlgorithms: ['rsa-sha1'] }).signature.algorithm).toBe('rsa-sha1');
  });

  it('refuses a package whose certificate was not valid when it says it was signed', () => {
    const pkg = samplePackage();
    pkg.traces = [{ organId: SENDER, timestamp: new Date('2020-01-01T00:00:00Z') }];
    const xml = createPemSigner(identity).sign(buildEdoc(pkg));
    expect(faultOf(() => openEdxml(xml))).toMatchObject({
      fault: 'CERTIFICATE_NOT_VALID_AT_SIGNING',
      text: expect.stringContaining('2020-01-01'),
    });
  });

  it('refuses a key that does not match its certificate at start', () => {
    expect(() =>
      createPemSigner({ privateKeyPem: stranger.privateKeyPem, certificatePem: identity.certificatePem }),
    ).toThrow(/does not belong/);
  });

  it('parses and verifies a package with a 5 MB attachment (time printed)', () => {
    const big = attachment('Hồ sơ scan.pdf', new Uint8Array(randomBytes(5 * 1024 * 1024)));
    const t0 = performance.now();
    const xml = signed(samplePackage([big]));
    const t1 = performance.now();
    const { message } = openEdxml(xml, { trustedCertificates: [identity.certificatePem] });
    const t2 = performance.now();
    expect(
      message.kind === 'edoc' && Buffer.from(message.attachments[0]?.content ?? []).equals(Buffer.from(big.content)),
    ).toBe(true);
    console.info(
      `edXML 5 MB attachment: package ${(xml.length / 1048576).toFixed(1)} MB; build+sign ${(t1 - t0).toFixed(0)} ms; parse+verify ${(t2 - t1).toFixed(0)} ms`,
    );
  }, 60_000);
});
