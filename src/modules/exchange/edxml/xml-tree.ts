import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EdxmlError } from './model.ts';

/**
 * Safe reading of untrusted XML into a small namespace-aware tree. Defences, in order: a byte limit; no DOCTYPE at
 * all (so no entity expansion, external entities or billion-laughs, whatever the parser would do with one); a
 * well-formedness check that says where the text breaks; then fast-xml-parser with every element as an array so
 * the tree has one shape. Element names keep their namespace URI, resolved from the in-scope declarations.
 */

export type XmlElement = {
  ns: string | undefined;
  local: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
};

/** Default ceiling of a package: a few scanned documents, base64-encoded. */
export const DEFAULT_MAX_XML_BYTES = 25 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  // Character references (&#x41;) are XML; there is no DOCTYPE (refused above), so no other entity can appear.
  htmlEntities: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  // Attachment payloads are megabytes of base64: read raw (about 25× faster); parse.ts cleans and checks them.
  stopNodes: ['*.ContentTransferEncoded'],
});

/**
 * The checks on the raw text that come before any parser sees it: size, and no DOCTYPE or ENTITY declaration.
 * @throws EdxmlError TOO_LARGE or DOCTYPE_FORBIDDEN
 */
export function guardXmlText(xml: string, maxBytes = DEFAULT_MAX_XML_BYTES): void {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > maxBytes) {
    throw new EdxmlError('TOO_LARGE', [{ path: '', message: `${bytes} bytes; at most ${maxBytes} are accepted` }]);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new EdxmlError('DOCTYPE_FORBIDDEN', [
      { path: '', message: 'a DOCTYPE or ENTITY declaration is not allowed' },
    ]);
  }
}

/**
 * Checks and parses untrusted XML.
 * @throws EdxmlError TOO_LARGE, DOCTYPE_FORBIDDEN or NOT_WELL_FORMED
 */
export function readXml(xml: string, maxBytes = DEFAULT_MAX_XML_BYTES): XmlElement {
  guardXmlText(xml, maxBytes);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new EdxmlError('NOT_WELL_FORMED', [
      { path: `line ${valid.err.line}, column ${valid.err.col}`, message: valid.err.msg },
    ]);
  }
  const raw = parser.parse(xml) as Record<string, unknown>;
  const roots = Object.entries(raw).filter(([key]) => !key.startsWith('?') && !key.startsWith('#'));
  const [first] = roots;
  const firstNodes = first?.[1];
  if (roots.length !== 1 || !first || !Array.isArray(firstNodes) || firstNodes.length !== 1) {
    throw new EdxmlError('NOT_WELL_FORMED', [{ path: '', message: 'a document has exactly one root element' }]);
  }
  return toElement(first[0], firstNodes[0] as Record<string, unknown>, new Map());
}

function toElement(qname: string, node: Record<string, unknown>, scope: Map<string, string>): XmlElement {
  const attrs: Record<string, string> = {};
  let inner = scope;
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith('@_')) continue;
    const name = key.slice(2);
    const text = String(value);
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope);
      inner.set(name === 'xmlns' ? '' : name.slice(6), text);
    } else {
      attrs[name] = text;
    }
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const children: XmlElement[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text' || !Array.isArray(value)) continue;
    for (const child of value) {
      children.push(toElement(key, child as Record<string, unknown>, inner));
    }
  }
  const text = node['#text'];
  return {
    ns: inner.get(prefix) || undefined,
    local: colon < 0 ? qname : qname.slice(colon + 1),
    attrs,
    text: text === undefined ? '' : String(text),
    children,
  };
}

/** The children of `el` with this local name. */
export function childrenNamed(el: XmlElement | undefined, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local) : [];
}

/** The first child of `el` with this local name. */
export function childNamed(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local);
}

/** The text of the first child with this local name, or undefined when it is absent or empty. */
export function childText(el: XmlElement | undefined, local: string): string | undefined {
  const text = childNamed(el, local)?.text;
  return text === undefined || text === '' ? undefined : text;
}
