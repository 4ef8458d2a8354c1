import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, axeFindings, launchBrowser, newPage } from '../../../../test/e2e/support/browser.ts';
import { loadConfig } from '../../../config.ts';
import {
  type PaymentWorld,
  createPaymentWorld,
  paymentRow,
  startedPayment,
  submitDossier,
} from '../payments.fixtures.ts';

/**
 * The bank stand-in as a person meets it in Chromium: its pages pass axe (WCAG 2.1 A/AA, no serious or critical
 * issue); with JavaScript OFF the payer picks the outcome by its label and confirms, the form post reaches the IPN
 * over real HTTP and the browser lands on the return address.
 */
describe.runIf(existsSync(CHROMIUM_PATH))('VNPay sandbox in a browser', () => {
  let w: PaymentWorld;
  let browser: Browser;

  beforeAll(async () => {
    [w, browser] = await Promise.all([createPaymentWorld(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await w?.t.close();
  });

  it('passes axe on the pay page and the error page', async () => {
    // axe runs as a script in the page, so this context has JavaScript on (the page itself has none).
    const dossier = await submitDossier(w);
    const started = await startedPayment(w, dossier.id);
    const { context, page } = await newPage(browser, w.baseUrl, { width: 360 });
    try {
      await page.goto(started.paymentUrl);
      expect(await axeFindings(page)).toEqual([]);
      await page.goto(started.paymentUrl.replace('vnp_Amount=1000000', 'vnp_Amount=1'));
      expect(await page.getByRole('alert').textContent()).toContain('Chữ ký của yêu cầu thanh toán không hợp lệ');
      expect(await axeFindings(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works without JavaScript: choose by label, confirm, land on the return address, settled by the IPN', async () => {
    const dossier = await submitDossier(w);
    const started = await startedPayment(w, dossier.id);
    const { context, page } = await newPage(browser, w.baseUrl, { javaScriptEnabled: false, width: 360 });
    try {
      await page.goto(started.paymentUrl);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Cổng thanh toán thử nghiệm');
      await page.getByLabel('Thanh toán thành công').check();
      await page.getByLabel('Ngân hàng').selectOption('BIDV');
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/api/v1/payments/vnpay/return'),
        page.getByRole('button', { name: 'Xác nhận' }).click(),
      ]);
      const shown = JSON.parse((await page.locator('body').textContent()) ?? '{}');
      expect(shown).toMatchObject({ paymentId: started.paymentId, status: 'paid', gatewaySaysSuccess: true });
      expect(await paymentRow(w.db, started.paymentId)).toMatchObject({ status: 'paid', bank_code: 'BIDV' });
    } finally {
      await context.close();
    }
  });
});

describe('VNPay configuration', () => {
  const base = { APP_SECRET: 'x'.repeat(32) };
  const opts = { dataDir: '/tmp/unused' };

  it('points at the stand-in outside production, and turns online payment off in production without a gateway', () => {
    const dev = loadConfig({ ...base, NODE_ENV: 'development', PUBLIC_URL: 'https://dvc.example.vn' }, opts);
    expect(dev.vnpay).toMatchObject({
      sandbox: true,
      url: 'https://dvc.example.vn/vnpay-sandbox/paymentv2/vpcpay.html',
      ipnUrl: 'https://dvc.example.vn/api/v1/payments/vnpay/ipn',
      // The browser comes back to the citizen's page (the API's JSON return route stays for API clients).
      returnUrl: 'https://dvc.example.vn/thanh-toan/ket-qua',
    });
    const prod = loadConfig({ ...base, NODE_ENV: 'production' }, opts);
    expect(prod.vnpay).toMatchObject({ sandbox: false, url: undefined });
    const demo = loadConfig({ ...base, NODE_ENV: 'production', VNPAY_SANDBOX: 'true' }, opts);
    expect(demo.vnpay.sandbox).toBe(true);
  });

  it('refuses to start with the demo secret against a real gateway in production', () => {
    const real = { ...base, NODE_ENV: 'production', VNPAY_URL: 'https://pay.vnpay.vn/vpcpay.html' };
    expect(() => loadConfig(real, opts)).toThrow(/VNPAY_HASH_SECRET/);
    expect(loadConfig({ ...real, VNPAY_HASH_SECRET: 'a-real-merchant-secret-0123456789' }, opts).vnpay.url).toBe(
      'https://pay.vnpay.vn/vpcpay.html',
    );
  });
});
