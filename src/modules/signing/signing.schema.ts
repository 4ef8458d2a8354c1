import { z } from 'zod';

/** Largest file the verify route takes, decoded: signed official documents are far smaller. */
export const MAX_VERIFY_BYTES = 10 * 1024 * 1024;
/** Largest detached signature (.p7s): a CMS with a long chain is a few kB. */
export const MAX_SIGNATURE_BYTES = 64 * 1024;
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;
/** Body limit of the verify route: both base64 texts plus room for the JSON around them. */
export const VERIFY_BODY_LIMIT = base64Length(MAX_VERIFY_BYTES) + base64Length(MAX_SIGNATURE_BYTES) + 16 * 1024;

export const VerifyBody = z
  .object({
    file: z
      .object({
        filename: z.string().max(255).optional(),
        data: z
          .string()
          .min(1)
          .max(base64Length(MAX_VERIFY_BYTES))
          .describe('The file, base64 (at most 10 MiB decoded)'),
      })
      .strict(),
    signature: z
      .object({
        data: z
          .string()
          .min(1)
          .max(base64Length(MAX_SIGNATURE_BYTES))
          .describe('A detached CMS signature (.p7s, DER), base64; when present, `file` is the content it signs'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .meta({ id: 'SignatureVerifyBody' });
export type TVerifyBody = z.infer<typeof VerifyBody>;

const SignatureReport = z
  .object({
    index: z.number().int(),
    status: z.enum(['valid', 'invalid', 'unknown_signer']),
    reason: z
      .string()
      .nullable()
      .describe(
        'Why not valid: digest_mismatch, bad_signature, malformed, signer_certificate_missing, signing_certificate_mismatch, certificate_not_valid_at_signing_time, certificate_not_for_signing, untrusted_chain',
      ),
    signer: z
      .object({ commonName: z.string().nullable(), organization: z.string().nullable(), distinguishedName: z.string() })
      .nullable(),
    issuer: z.string().nullable(),
    serialNumber: z.string().nullable().describe('Certificate serial, hex'),
    certificateValidity: z.object({ notBefore: z.string(), notAfter: z.string() }).nullable(),
    signingTime: z.string().nullable().describe('Claimed by the signer (signing-time attribute), ISO 8601'),
    byteRange: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
    coversWholeFile: z.boolean().optional().describe('PDF: the signature reaches the end of the file'),
    bytesAfter: z
      .number()
      .int()
      .optional()
      .describe('PDF: bytes appended after this signature (later signatures, edits)'),
    subFilter: z.string().nullable().optional(),
    stated: z
      .object({ reason: z.string().nullable(), location: z.string().nullable(), name: z.string().nullable() })
      .optional()
      .describe('PDF: /Reason, /Location and /Name of the signature dictionary, as the signer wrote them'),
  })
  .meta({ id: 'SignatureReport' });

export const VerificationReport = z
  .object({
    kind: z.enum(['pdf', 'cms']),
    size: z.number().int(),
    signatures: z.array(SignatureReport),
    allValid: z.boolean().describe('Every signature valid and, for a PDF, the last one covers the whole file'),
  })
  .meta({ id: 'SignatureVerificationReport' });
export type TVerificationReport = z.infer<typeof VerificationReport>;
