import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppConfig } from '../../../config.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Language, translate } from '../../../platform/i18n/index.ts';
import { VNP_VERSION } from '../vnpay/vnpay-client.ts';
import {
  type VnpParams,
  parseVnpDate,
  signedQuery,
  verifySignature,
  vnpDate,
  vnpParamsOf,
} from '../vnpay/vnpay-signing.ts';
import {
  SANDBOX_BANKS,
  SANDBOX_OUTCOMES,
  type SandboxOutcome,
  renderErrorPage,
  renderPayPage,
} from './sandbox-page.ts';

/**
 * A LOCAL STAND-IN for the bank's payment gateway — not VNPay, and no money moves. It speaks the VNPay payment-URL
 * protocol (2.1.0) from the gateway's side, so the demo and the tests run the real merchant path end to end: it
 * checks the signed payment URL, shows its own pay page, and on the tester's choice calls the merchant's IPN URL
 * server to server with signed result parameters (retrying until the merchant answers 00 or 02), then sends the
 * browser back to vnp_ReturnUrl with the same parameters. Mounted at /vnpay-sandbox when VNPAY_SANDBOX is on.
 */

export const VNPAY_SANDBOX_PREFIX = '/vnpay-sandbox';
const PAY_PATH = '/paymentv2/vpcpay.html';

export type SandboxOptions = {
  /** The merchant as registered with the gateway: read at each call (tests may move the IPN to a live port). */
  merchant: () => { tmnCode: string; hashSecret: string; ipnUrl: string };
  /** The gateway's clock (the platform's, so tests on fixed dates agree on expiry). */
  clock: () => Clock;
  /** IPN attempts and the pause between them. */
  ipnAttempts?: number;
  ipnRetryDelayMs?: number;
};

type Checked = { ok: true; params: VnpParams; amountVnd: number; expiresAt: Date } | { ok: false; message: string };

/** Checks a payment request the way the gateway does: signature first, then the fields it needs. */
function checkRequest(
  params: VnpParams,
  merchant: { tmnCode: string; hashSecret: string },
  now: Date,
  language: Language,
): Checked {
  if (!verifySignature(params, merchant.hashSecret)) {
    return { ok: false, message: translate(language, 'vnpaySandbox.badSignature') };
  }
  const bad = (field: string): Checked => ({
    ok: false,
    message: translate(language, 'vnpaySandbox.badRequest', { field }),
  });
  if (params.vnp_Version !== VNP_VERSION) return bad('vnp_Version');
  if (params.vnp_Command !== 'pay') return bad('vnp_Command');
  if (params.vnp_TmnCode !== merchant.tmnCode) return bad('vnp_TmnCode');
  if (params.vnp_CurrCode !== 'VND') return bad('vnp_CurrCode');
  const amount = /^[1-9]\d*00$/.test(params.vnp_Amount ?? '') ? Number(params.vnp_Amount) / 100 : Number.NaN;
  if (!Number.isSafeInteger(amount)) return bad('vnp_Amount');
  if (!/^[A-Za-z0-9]{1,100}$/.test(params.vnp_TxnRef ?? '')) return bad('vnp_TxnRef');
  if (!/^https?:\/\//.test(params.vnp_ReturnUrl ?? '')) return bad('vnp_ReturnUrl');
  const expiresAt = parseVnpDate(params.vnp_ExpireDate);
  if (!parseVnpDate(params.vnp_CreateDate)) return bad('vnp_CreateDate');
  if (!expiresAt) return bad('vnp_ExpireDate');
  if (now.getTime() > expiresAt.getTime()) {
    return { ok: false, message: translate(language, 'vnpaySandbox.expired') };
  }
  return { ok: true, params, amountVnd: amount, expiresAt };
}

/** Security headers of the stand-in's pages: nothing runs, styles only with the nonce, forms only to known places. */
function sendPage(reply: FastifyReply, status: number, html: string, nonce: string, formTargets: string[] = []) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self' ${formTargets.join(' ')}; base-uri 'none'; frame-ancestors 'none'`,
    )
    .header('cache-control', 'no-store')
    .send(html);
}

/** Calls the merchant's IPN until it answers 00 or 02. @returns the last RspCode, or null if never answered */
async function notifyMerchant(
  ipnUrl: string,
  query: string,
  options: { attempts: number; delayMs: number; log: FastifyBaseLogger },
): Promise<string | null> {
  let last: string | null = null;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const response = await fetch(`${ipnUrl}${ipnUrl.includes('?') ? '&' : '?'}${query}`, {
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { RspCode?: unknown };
      last = typeof body.RspCode === 'string' ? body.RspCode : null;
      if (last === '00' || last === '02') return last;
      options.log.warn({ attempt, rspCode: last }, 'vnpay sandbox: IPN not confirmed');
    } catch (error) {
      options.log.warn({ attempt, err: error }, 'vnpay sandbox: IPN call failed');
    }
    if (attempt < options.attempts) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  }
  return last;
}

/** The stand-in as a Fastify plugin; register it with the prefix /vnpay-sandbox. */
export const vnpaySandboxPlugin: FastifyPluginAsync<SandboxOptions> = async (app, options) => {
  const formAction = `${app.prefix}${PAY_PATH}`;
  // The pay page posts a plain HTML form; nothing else in this plugin takes a body.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_r, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  app.get(PAY_PATH, { schema: { hide: true } }, async (request, reply) => {
    const nonce = randomBytes(16).toString('base64');
    const checked = checkRequest(
      vnpParamsOf(request.query),
      options.merchant(),
      options.clock().now(),
      request.language,
    );
    if (!checked.ok) {
      return sendPage(reply, 400, renderErrorPage(request.language, nonce, checked.message), nonce);
    }
    const html = renderPayPage({
      language: request.language,
      nonce,
      formAction,
      params: checked.params,
      amountVnd: checked.amountVnd,
      expiresAt: checked.expiresAt,
    });
    return sendPage(reply, 200, html, nonce, [new URL(checked.params.vnp_ReturnUrl ?? '').origin]);
  });

  app.post(PAY_PATH, { schema: { hide: true } }, async (request, reply) => {
    const nonce = randomBytes(16).toString('base64');
    const form = (request.body ?? {}) as Record<string, unknown>;
    const merchant = options.merchant();
    const now = options.clock().now();
    // The signed request comes back through the browser: check it again, as anything in a form can be edited.
    const checked = checkRequest(vnpParamsOf(form), merchant, now, request.language);
    const outcome = SANDBOX_OUTCOMES[form.outcome as SandboxOutcome] as
      | (typeof SANDBOX_OUTCOMES)[SandboxOutcome]
      | undefined;
    const bankCode = (SANDBOX_BANKS as readonly unknown[]).includes(form.bankCode) ? String(form.bankCode) : undefined;
    if (!checked.ok || !outcome || !bankCode) {
      const message = checked.ok
        ? translate(request.language, 'vnpaySandbox.badRequest', { field: outcome ? 'bankCode' : 'outcome' })
        : checked.message;
      return sendPage(reply, 400, renderErrorPage(request.language, nonce, message), nonce);
    }
    const paid = outcome.responseCode === '00';
    const request_ = checked.params;
    const result: VnpParams = {
      vnp_Amount: request_.vnp_Amount ?? '',
      vnp_BankCode: bankCode,
      ...(paid ? { vnp_BankTranNo: `VNP${randomInt(10_000_000, 99_999_999)}`, vnp_CardType: 'ATM' } : {}),
      vnp_OrderInfo: request_.vnp_OrderInfo ?? '',
      vnp_PayDate: vnpDate(now),
      vnp_ResponseCode: outcome.responseCode,
      vnp_TmnCode: merchant.tmnCode,
      // The gateway numbers every attempt; a cancelled one carries 0, as VNPay's does.
      vnp_TransactionNo: outcome.responseCode === '24' ? '0' : String(randomInt(10_000_000, 99_999_999)),
      vnp_TransactionStatus: outcome.transactionStatus,
      vnp_TxnRef: request_.vnp_TxnRef ?? '',
    };
    const query = signedQuery(result, merchant.hashSecret);
    const rspCode = await notifyMerchant(merchant.ipnUrl, query, {
      attempts: options.ipnAttempts ?? 3,
      delayMs: options.ipnRetryDelayMs ?? 1_000,
      log: request.log,
    });
    request.log.info({ txnRef: result.vnp_TxnRef, rspCode }, 'vnpay sandbox: merchant notified');
    const returnUrl = request_.vnp_ReturnUrl ?? '';
    return reply.redirect(`${returnUrl}${returnUrl.includes('?') ? '&' : '?'}${query}`, 303);
  });
};

/** Mounts the stand-in when configured (demo, tests; see above). */
export async function mountVnpaySandbox(
  app: FastifyInstance,
  platform: { config: Pick<AppConfig, 'vnpay'>; clock: Clock },
): Promise<void> {
  if (!platform.config.vnpay.sandbox) return;
  await app.register(vnpaySandboxPlugin, {
    prefix: VNPAY_SANDBOX_PREFIX,
    merchant: () => platform.config.vnpay,
    clock: () => platform.clock,
  });
}
