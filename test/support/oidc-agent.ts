import { STANDIN_PASSWORD } from '../../src/modules/oidc-sign-in/vneid-standin/identities.ts';
import type { Browser } from './browser.ts';

/**
 * A person at the VNeID stand-in, over real HTTP (fetch, redirects followed by hand, the provider's cookies kept):
 * takes the authorization URL the platform redirected to, signs in with a demo identity, consents, and returns the
 * URL the provider sends the browser back to (our redirect URI with code, state and iss).
 */
export class StandinAgent {
  private readonly cookies = new Map<string, string>();

  private async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  private static location(response: Response, base: string): string {
    const location = response.headers.get('location');
    if (!location || response.status < 300 || response.status >= 400) {
      throw new Error(`expected a redirect, got ${response.status}`);
    }
    return new URL(location, base).href;
  }

  /** Follows redirects at the provider until one leaves it (to `stopAt`) or an interaction page is reached. */
  private async follow(url: string, issuer: string): Promise<string> {
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      if (!current.startsWith(issuer) || current.includes('/interaction/')) return current;
      current = StandinAgent.location(await this.go(current), current);
    }
    throw new Error('too many redirects at the provider');
  }

  /**
   * Signs in as `personalId` and agrees (or refuses, `consent: false`) to share; returns the callback URL.
   * @param authorizationUrl where the platform's start route redirected the browser
   */
  async signIn(
    authorizationUrl: string,
    issuer: string,
    personalId: string,
    options: { consent?: boolean; password?: string } = {},
  ): Promise<string> {
    let at = await this.follow(authorizationUrl, issuer);
    const page = await this.go(at);
    if (page.status !== 200) throw new Error(`interaction page answered ${page.status}: ${await page.text()}`);
    const login = await this.go(`${at}/login`, {
      method: 'POST',
      form: { personalId, password: options.password ?? STANDIN_PASSWORD },
    });
    if (login.status !== 303) return at;
    at = await this.follow(StandinAgent.location(login, at), issuer);
    if (!at.includes('/interaction/')) return at;
    const decision = await this.go(`${at}/${options.consent === false ? 'abort' : 'confirm'}`, {
      method: 'POST',
      form: {},
    });
    return this.follow(StandinAgent.location(decision, at), issuer);
  }
}

/** Starts a sign-in in the platform as `browser` would (the button's link); returns the provider URL it leads to. */
export async function startSignIn(browser: Browser, next = ''): Promise<string> {
  const response = await browser.get(`/dang-nhap/vneid${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  if (response.statusCode !== 303) throw new Error(`start answered ${response.statusCode}: ${response.body}`);
  return String(response.headers.location);
}

/** The platform path (with query) of a callback URL, for inject(). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
