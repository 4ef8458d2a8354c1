import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { MailMessage, Mailer } from '../../../src/platform/mail/mailer.ts';
import { registerMailWorker } from '../../../src/platform/mail/mail-worker.ts';
import { DEMO_PASSWORD } from '../../../src/seed/users.ts';
import { seedDemo } from '../../../src/seed/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';

export { DEMO_PASSWORD };

export type WebServer = {
  baseUrl: string;
  app: FastifyInstance;
  database: TestApp['database'];
  /** Mails the platform sent (the mail worker runs in this process). */
  mails: MailMessage[];
  close(): Promise<void>;
};

/** A capturing mail transport: what would go to the SMTP server lands in `mails`. */
function capturingMailer(mails: MailMessage[]): Mailer {
  let n = 0;
  return {
    async send(message) {
      mails.push(message);
      n += 1;
      return { messageId: `<test-${n}@egov.test>` };
    },
    close() {},
  };
}

/**
 * The whole platform on a random local port over a fresh database with the Lào Cai demo data, for browser
 * journeys. The mail worker runs, so e-mails (welcome, password reset) are delivered to `mails`.
 */
export async function startWebServer(): Promise<WebServer> {
  const mails: MailMessage[] = [];
  const test = await createTestApp({}, capturingMailer(mails));
  await seedDemo(test.database.db);
  // The mail worker is the only background work the journeys need (server.ts starts all of them).
  await registerMailWorker(test.app.platform);
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = test.app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app: test.app,
    database: test.database,
    mails,
    close: () => test.close(),
  };
}

/** Waits until a mail to `to` arrives (the mail worker polls every second). */
export async function waitForMail(mails: MailMessage[], to: string, timeoutMs = 15_000): Promise<MailMessage> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const mail = mails.find((m) => m.to === to);
    if (mail) {
      return mail;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}
