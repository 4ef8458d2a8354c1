/**
 * One error type for every expected failure, with a stable code. The code is mapped once to an HTTP status and a
 * problem+json answer (API) or a Vietnamese message (web); anything that is not an AppError is a bug, logged in
 * full and answered with a bare 500.
 */
export const ERROR_CODES = {
  /** The request body, query or parameters do not match the schema; `details.issues` lists each problem. */
  VALIDATION_FAILED: { status: 400 },
  /** The body is not well-formed JSON or form data. */
  MALFORMED_BODY: { status: 400 },
  /** The body is larger than the route accepts. */
  BODY_TOO_LARGE: { status: 413 },
  /** The Content-Type is not one the route accepts. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415 },
  /** No valid session or credentials came with a request that needs them. */
  UNAUTHENTICATED: { status: 401 },
  /** Username or password wrong; deliberately does not say which. */
  INVALID_CREDENTIALS: { status: 401 },
  /** Too many failed sign-ins; `details.lockedUntil` says until when. */
  ACCOUNT_LOCKED: { status: 423 },
  /** The account was disabled by an administrator. */
  ACCOUNT_DISABLED: { status: 403 },
  /** The password step passed; a TOTP code is still required. */
  MFA_REQUIRED: { status: 401 },
  /** The TOTP code is wrong or expired. */
  MFA_INVALID: { status: 401 },
  /** The caller is signed in but its roles do not allow the action here. */
  FORBIDDEN: { status: 403 },
  /** An unsafe request came without a valid CSRF token. */
  CSRF_INVALID: { status: 403 },
  /** The thing does not exist, or lies outside the caller's units (the two are not told apart). */
  NOT_FOUND: { status: 404 },
  /** A unique value (username, e-mail, code) is already taken. */
  ALREADY_EXISTS: { status: 409 },
  /** The change conflicts with the current state (stale version, invalid transition). */
  CONFLICT: { status: 409 },
  /** An Idempotency-Key was re-used with a different request. */
  IDEMPOTENCY_KEY_REUSED: { status: 422 },
  /** A password-reset or verification link is unknown, used or expired. */
  TOKEN_INVALID: { status: 400 },
  /** The password does not meet the rules; `details.reasons` says why. */
  WEAK_PASSWORD: { status: 400 },
  /** Too many requests from this client; retry after the `Retry-After` header. */
  RATE_LIMITED: { status: 429 },
  /** The route does not exist. */
  ROUTE_NOT_FOUND: { status: 404 },
  /** The method is not supported on this route. */
  METHOD_NOT_ALLOWED: { status: 405 },
  /** A dependency (database, mail server) is not reachable right now. */
  SERVICE_UNAVAILABLE: { status: 503 },
} as const satisfies Record<string, { status: number }>;

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
