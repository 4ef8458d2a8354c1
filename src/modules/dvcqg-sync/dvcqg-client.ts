import type { DvcqgCall } from './dvcqg-model.ts';

/**
 * A client of the portal's adapter (LGSP/NDXP in production, the local receiver in the demo and tests): signs in
 * with username and password for a `session`, then POSTs each call as JSON with the session and our agency code
 * (`madonvi`). A reply with `error_code` 0 is success. The session is kept and renewed when the portal refuses it.
 */

export type DvcqgEndpoint = {
  /** Base address of the adapter, without a trailing slash. */
  url: string;
  username: string;
  password: string;
  /** Our agency code at the portal (madonvi). */
  agencyCode: string;
  /** Paths of the sign-in and the integration services under `url`. */
  authPath?: string;
  servicePath?: string;
  timeoutMs?: number;
};

/** A call the portal did not accept; `message` says why (HTTP status, or its error_code and message). */
export class DvcqgError extends Error {
  override readonly name = 'DvcqgError';
  constructor(
    message: string,
    readonly sessionRejected = false,
  ) {
    super(message);
  }
}

/** Header carrying the stable id of a call, for the receiver's de-duplication. */
export const REQUEST_ID_HEADER = 'idempotency-key';

/** error_code the local receiver (and the client) treat as "session unknown or expired": sign in again. */
export const SESSION_INVALID_CODE = 401;

type Reply = { error_code?: unknown; message?: unknown; session?: unknown };

/** True for the portal's success code, which implementations send as 0, "0" or "00". */
function isSuccess(code: unknown): boolean {
  return code !== undefined && code !== null && code !== '' && Number(code) === 0;
}

export type DvcqgClient = {
  /** Sends one call with its stable id. @throws DvcqgError when the portal does not accept it */
  send(call: DvcqgCall, requestId: string): Promise<void>;
};

export function createDvcqgClient(endpoint: DvcqgEndpoint, fetchImpl: typeof fetch = fetch): DvcqgClient {
  const authUrl = `${endpoint.url}${endpoint.authPath ?? '/auth'}`;
  const serviceUrl = `${endpoint.url}${endpoint.servicePath ?? '/integration'}`;
  const timeoutMs = endpoint.timeoutMs ?? 30_000;
  let session: Promise<string> | undefined;

  async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<Reply> {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new DvcqgError(`unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (response.status === 401) {
      throw new DvcqgError('HTTP 401', true);
    }
    if (!response.ok) {
      throw new DvcqgError(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    try {
      return JSON.parse(text) as Reply;
    } catch {
      throw new DvcqgError(`not JSON: ${text.slice(0, 300)}`);
    }
  }

  async function signIn(): Promise<string> {
    const reply = await post(authUrl, { username: endpoint.username, password: endpoint.password });
    if (!isSuccess(reply.error_code) || typeof reply.session !== 'string' || reply.session === '') {
      throw new DvcqgError(`sign-in refused: error_code ${String(reply.error_code)} ${String(reply.message ?? '')}`);
    }
    return reply.session;
  }

  async function sendOnce(call: DvcqgCall, requestId: string): Promise<void> {
    session ??= signIn();
    let token: string;
    try {
      token = await session;
    } catch (error) {
      session = undefined;
      throw error;
    }
    const reply = await post(
      serviceUrl,
      { session: token, madonvi: endpoint.agencyCode, ...call },
      { [REQUEST_ID_HEADER]: requestId },
    );
    if (Number(reply.error_code) === SESSION_INVALID_CODE) {
      throw new DvcqgError('session rejected', true);
    }
    if (!isSuccess(reply.error_code)) {
      throw new DvcqgError(`error_code ${String(reply.error_code)}: ${String(reply.message ?? '')}`);
    }
  }

  return {
    async send(call, requestId) {
      try {
        await sendOnce(call, requestId);
      } catch (error) {
        if (!(error instanceof DvcqgError) || !error.sessionRejected) throw error;
        // The session expired (or the portal restarted): sign in again once and resend the same call.
        session = undefined;
        await sendOnce(call, requestId);
      }
    },
  };
}
