import type { AppConfig } from '../../config.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';

/**
 * The platform pieces the people services need beyond the service context: the secret that encrypts TOTP seeds,
 * the staff MFA rule, the public address for e-mailed links, and the job queue for mail. The `Platform` object
 * built in app.ts satisfies it, so routes and web pages pass `app.platform`; tests may pass a smaller object.
 */
export type PeopleDeps = {
  config: Pick<AppConfig, 'appSecret' | 'staffMfa' | 'publicUrl'>;
  jobs: Pick<Jobs, 'enqueue'>;
};

/**
 * Attributes of the session cookie (name: SESSION_COOKIE). No max-age: the cookie dies with the browser, and the
 * server ends an idle session on its own. Lax keeps the cookie on top-level links from e-mails while withholding
 * it from cross-site form posts.
 */
export function sessionCookieOptions(secureCookies: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies } as const;
}
