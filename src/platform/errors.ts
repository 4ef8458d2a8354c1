/**
 * One error type for every expected failure, with a stable code. The code is mapped once to an HTTP status and a
 * problem+json answer (API) or a Vietnamese message (web); anything that is not an AppError is a bug, logged in
 * full and answered with a bare 500. Each code's description is published in docs/errors.md (generated).
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, description: 'The request body, query or parameters do not match the schema; `details.issues` lists each problem.' },
  MALFORMED_BODY: { status: 400, description: 'The body is not well-formed JSON or form data.' },
  BODY_TOO_LARGE: { status: 413, description: 'The body is larger than the route accepts.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The Content-Type is not one the route accepts.' },
  UNAUTHENTICATED: { status: 401, description: 'No valid session or credentials came with a request that needs them.' },
  INVALID_CREDENTIALS: { status: 401, description: 'Username or password wrong; deliberately does not say which.' },
  ACCOUNT_LOCKED: { status: 423, description: 'Too many failed sign-ins; `details.lockedUntil` says until when.' },
  ACCOUNT_DISABLED: { status: 403, description: 'The account was disabled by an administrator.' },
  MFA_REQUIRED: { status: 401, description: 'The password step passed; a TOTP code is still required.' },
  MFA_INVALID: { status: 401, description: 'The TOTP code is wrong or expired.' },
  FORBIDDEN: { status: 403, description: 'The caller is signed in but its roles do not allow the action here.' },
  CSRF_INVALID: { status: 403, description: 'An unsafe request came without a valid CSRF token.' },
  NOT_FOUND: { status: 404, description: 'The thing does not exist, or lies outside the caller\'s units (the two are not told apart).' },
  ALREADY_EXISTS: { status: 409, description: 'A unique value (username, e-mail, code) is already taken.' },
  CONFLICT: { status: 409, description: 'The change conflicts with the current state (stale version, invalid transition).' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, description: 'An Idempotency-Key was re-used with a different request.' },
  TOKEN_INVALID: { status: 400, description: 'A password-reset or verification link is unknown, used or expired.' },
  WEAK_PASSWORD: { status: 400, description: 'The password does not meet the rules; `details.reasons` says why.' },
  EMAIL_NOT_VERIFIED: { status: 403, description: 'The account\'s e-mail address is not proven yet (open the link mailed to it, or ask for a new one); online submission needs it.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests from this client; retry after the `Retry-After` header.' },
  ROUTE_NOT_FOUND: { status: 404, description: 'The route does not exist.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The method is not supported on this route.' },
  CALENDAR_NOT_AVAILABLE: { status: 422, description: 'The deadline reaches a year whose working-day calendar has not been entered; `details.year` names it.' },
  DOSSIER_ACTION_NOT_ALLOWED: { status: 409, description: 'The dossier action is not allowed in its current status or step (`details.reason`: status, workflow, supplement_already_requested, due_time_passed, already_rated…; `details.status`; `details.allowed` lists what the status allows).' },
  PROCEDURE_NOT_OFFERED: { status: 422, description: 'The procedure cannot be received this way: no published version, not offered online, not received at that unit, or a workflow step has no unit there (`details.reason`).' },
  FORM_NOT_AVAILABLE: { status: 409, description: 'The dossier has not reached the step that issues this form (no reception yet, no supplement request, no apology); `details.form` names it.' },
  SIGNING_KEY_NOT_FOUND: { status: 422, description: 'No signing key with this id is in the key store (`details.keyId`); an operator issues it with `egov pki issue`.' },
  CERTIFICATE_NOT_VALID: { status: 422, description: 'The signing certificate is not valid at the signing time (not yet valid or expired); `details.keyId`, `details.notBefore`, `details.notAfter`.' },
  NOT_A_PDF: { status: 422, description: 'The file to sign, or to verify without a detached signature, is not a PDF (its bytes do not start with `%PDF-`).' },
  NO_SIGNATURE: { status: 422, description: 'The PDF carries no digital signature to verify.' },
  SIGNATURE_MALFORMED: { status: 422, description: 'The file cannot be processed as signed: a detached signature that is not CMS SignedData, or a PDF whose structure cannot take a signature (`details.reason`).' },
  PAYMENT_NOT_DUE: { status: 409, description: 'Nothing is left to pay online on the dossier: every fee is paid or waived, or the dossier was closed without processing (`details.reason`: nothing_outstanding, dossier_closed).' },
  RECEIPT_NOT_AVAILABLE: { status: 409, description: 'The payment has not been settled as paid, so it has no receipt (`details.status` is its status).' },
  PAYMENT_SIGNATURE_INVALID: { status: 400, description: 'The payment gateway\'s parameters are not signed with our merchant secret (tampered or forged return).' },
  DOCUMENT_ACTION_NOT_ALLOWED: { status: 409, description: 'The document action is not allowed in the document\'s current status (`details.status`; `details.allowed` lists what the status allows) or by its own rules (`details.reason`).' },
  DOCUMENT_SETUP_INCOMPLETE: { status: 422, description: 'The document cannot be drafted or numbered as asked: an agency has no abbreviation, the drafting unit or a recipient is not one the issuer may use, or the type is unknown (`details.reason`).' },
  EXCHANGE_PACKAGE_INVALID: { status: 400, description: 'The edXML package is not well-formed, not QCVN 102:2016, misses a required element or an attachment (`details.fault`, `details.issues` name each).' },
  EXCHANGE_SENDER_UNKNOWN: { status: 403, description: 'The sending agency of an edXML package is not in the exchange address book as a remote agency (`details.organId`).' },
  EXCHANGE_SIGNATURE_INVALID: { status: 403, description: 'The edXML package is unsigned, its signature does not verify (changed after signing), or it is not signed by the certificate pinned for the sender (`details.fault`, `details.reason`).' },
  EXCHANGE_WRONG_ADDRESSEE: { status: 422, description: 'No recipient (To) of the edXML package is an agency hosted on this platform (`details.organIds`).' },
  EXCHANGE_DUPLICATE: { status: 409, description: 'A package with the same DocumentId from the same sender to the same agency was already received (`details.documentId`).' },
  EXCHANGE_UNKNOWN_DOCUMENT: { status: 422, description: 'The revoke, update, replace or status message refers to a document never exchanged with this sender (`details.documentId`).' },
  EXCHANGE_NOT_CONFIGURED: { status: 503, description: 'Document exchange is not set up on this platform (no signing key, or no document register wired); the sender should retry later.' },
  RECORD_ACTION_NOT_ALLOWED: { status: 409, description: 'The work-record action is not allowed in the record\'s current status (`details.status`; `details.allowed` lists what the status allows) or by its own rules (`details.reason`: already_filed).' },
  TASK_ACTION_NOT_ALLOWED: { status: 409, description: 'The task action is not allowed in the task\'s current status (`details.status`; `details.allowed` lists what the status allows) or by its own rules (`details.reason`).' },
  SERVICE_UNAVAILABLE: { status: 503, description: 'A dependency (database, mail server) is not reachable right now.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorDetails = Record<string, unknown>;

/** An expected failure with a stable code; `details` are safe to show to the caller. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, message?: string) {
    super(message ?? code);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/**
 * True for an AppError, also across bundle boundaries (the web build carries its own copy of this module, so
 * `instanceof` alone is not enough).
 */
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'AppError' &&
      typeof (error as { code?: unknown }).code === 'string' &&
      (error as { code: string }).code in ERROR_CODES)
  );
}

/** PostgreSQL's unique_violation, raised when a concurrent writer took the same unique value first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
