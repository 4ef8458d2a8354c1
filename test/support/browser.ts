import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CSRF_HEADER } from '../../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../src/platform/http/request-context.ts';

/** A browser-like client over `inject()` for HTTP tests: cookies, CSRF token and a client address of its own. */

let nextAddress = 1;

/**
 * A fresh client address, so each test has its own rate-limit budget (the app trusts X-Forwarded-For, as behind
 * the reverse proxy it is deployed behind).
 */
export function freshIp(): string {
  nextAddress += 1;
  return `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

/** The value a response set for a cookie, or undefined. */
export function cookieFrom(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

/** A browser: keeps its cookies and its CSRF token and sends them with every request, from one address. */
export class Browser {
  readonly ip = freshIp();
  cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(private readonly app: FastifyInstance) {}

  get sessionToken(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now())) {
        this.cookies.delete(cookie.name);
      } else {
        this.cookies.set(cookie.name, cookie.value);
      }
    }
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return {
      ...(cookie ? { cookie } : {}),
      ...(this.csrfToken ? { [CSRF_HEADER]: this.csrfToken } : {}),
      ...extra,
    };
  }

  async request(method: string, url: string, body?: unknown, extra: Record<string, string> = {}) {
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      headers: this.headers(extra),
      remoteAddress: this.ip,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    this.remember(response);
    return response;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown, extra?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, extra);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string, body?: unknown) {
    return this.request('DELETE', url, body);
  }

  /** Fetches the CSRF token, as a page does before its first form. */
  async fetchCsrf(): Promise<string> {
    const response = await this.get('/api/v1/auth/csrf');
    this.csrfToken = response.json().token;
    return this.csrfToken as string;
  }

  /** Signs in through the API and picks up the CSRF token; returns the login response. */
  async login(username: string, password: string) {
    const response = await this.post('/api/v1/auth/login', { username, password });
    if (response.statusCode === 200) {
      await this.fetchCsrf();
    }
    return response;
  }
}

/** Waits until `check` returns a value, polling. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not reached in time');
}
