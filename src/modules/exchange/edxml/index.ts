import type { EdxmlMessage } from './model.ts';
import { parseEdxml } from './parse.ts';
import {
  type VerifiedSignature,
  type VerifyOptions,
  assertCertificateValidAt,
  verifyEdxmlSignature,
} from './signature.ts';

export * from './build.ts';
export * from './model.ts';
export * from './parse.ts';
export * from './signature.ts';

/** When the message says it was signed: the latest hop of its trace, or a status's own timestamp. */
export function signingTimeOf(message: EdxmlMessage, fallback: Date): Date {
  const times = message.traces.map((t) => t.timestamp.getTime());
  if (message.kind === 'status') times.push(message.timestamp.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : fallback;
}

/**
 * Reads an incoming package the way a receiver must: well-formed, the QCVN 102 shape, every required element, every
 * attachment accounted for, signed by a trusted certificate that was valid when the package says it was signed.
 * @throws EdxmlError naming the first class of fault found
 */
export function openEdxml(
  xml: string,
  options: VerifyOptions & { now?: Date } = {},
): { message: EdxmlMessage; signature: VerifiedSignature } {
  const message = parseEdxml(xml, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  const signature = verifyEdxmlSignature(xml, options);
  assertCertificateValidAt(signature.certificate, signingTimeOf(message, options.now ?? new Date()));
  return { message, signature };
}
