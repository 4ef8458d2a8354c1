import { type Language, translate } from '../../../platform/i18n/index.ts';
import { vnd } from '../../../platform/i18n/vietnamese-format.ts';

/**
 * The HTML of the bank stand-in: a server-rendered page that works without JavaScript, labelled controls, one
 * heading structure, text from the dictionaries. Styles come in one <style> element allowed by a per-response nonce.
 */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The outcomes the stand-in can simulate: the bank's response code and the transaction status that goes with it. */
export const SANDBOX_OUTCOMES = {
  success: { responseCode: '00', transactionStatus: '00', label: 'vnpaySandbox.outcomeSuccess' },
  cancelled: { responseCode: '24', transactionStatus: '02', label: 'vnpaySandbox.outcomeCancelled' },
  insufficient: { responseCode: '51', transactionStatus: '02', label: 'vnpaySandbox.outcomeInsufficient' },
} as const;
export type SandboxOutcome = keyof typeof SANDBOX_OUTCOMES;

/** Bank codes as VNPay names them. */
export const SANDBOX_BANKS = ['NCB', 'VIETCOMBANK', 'VIETINBANK', 'BIDV', 'AGRIBANK', 'TECHCOMBANK', 'MBBANK'] as const;

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f23}
main{max-width:36rem;margin:1.5rem auto;padding:1.5rem;background:#fff;border:1px solid #c9d1d9;border-radius:6px}
h1{font-size:1.4rem;margin-top:0}h2{font-size:1.1rem}
.notice{background:#fff4ce;border:1px solid #8a6d00;padding:.75rem;border-radius:4px}
.error{background:#ffe3e3;border:1px solid #a40000;padding:.75rem;border-radius:4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
fieldset{border:1px solid #c9d1d9;margin:1rem 0;padding:.75rem}label{display:block;margin:.25rem 0}
select{font:inherit;padding:.25rem}
button{font:inherit;padding:.5rem 1.25rem;background:#0b5394;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus,select:focus,input:focus{outline:3px solid #f0a500;outline-offset:2px}`;

function layout(language: Language, nonce: string, titleText: string, body: string): string {
  return `<!doctype html>
<html lang="${language === 'vi' ? 'vi' : 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(titleText)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export type PayPageInput = {
  language: Language;
  nonce: string;
  formAction: string;
  /** The signed request parameters, sent back with the choice so the stand-in can check them again. */
  params: Record<string, string>;
  amountVnd: number;
  expiresAt: Date;
};

/** The page where the payer (here: the tester) chooses the outcome and the bank. */
export function renderPayPage(input: PayPageInput): string {
  const t = (key: string) => escapeHtml(translate(input.language, key));
  const p = input.params;
  const hidden = Object.entries(p)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const outcomes = (Object.keys(SANDBOX_OUTCOMES) as SandboxOutcome[])
    .map(
      (key, i) =>
        `<label><input type="radio" name="outcome" value="${key}"${i === 0 ? ' checked' : ''}> ${t(SANDBOX_OUTCOMES[key].label)}</label>`,
    )
    .join('\n');
  const banks = SANDBOX_BANKS.map((code) => `<option value="${code}">${code}</option>`).join('');
  const expires = new Intl.DateTimeFormat(input.language === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(input.expiresAt);
  return layout(
    input.language,
    input.nonce,
    translate(input.language, 'vnpaySandbox.title'),
    `<h1>${t('vnpaySandbox.title')}</h1>
<p class="notice" role="note">${t('vnpaySandbox.notice')}</p>
<h2>${t('vnpaySandbox.order')}</h2>
<dl>
<dt>${t('vnpaySandbox.merchant')}</dt><dd>${escapeHtml(p.vnp_TmnCode ?? '')}</dd>
<dt>${t('vnpaySandbox.txnRef')}</dt><dd>${escapeHtml(p.vnp_TxnRef ?? '')}</dd>
<dt>${t('vnpaySandbox.orderInfo')}</dt><dd>${escapeHtml(p.vnp_OrderInfo ?? '')}</dd>
<dt>${t('vnpaySandbox.amount')}</dt><dd><strong>${escapeHtml(vnd(input.amountVnd))}</strong></dd>
<dt>${t('vnpaySandbox.expiresAt')}</dt><dd>${escapeHtml(expires)}</dd>
</dl>
<form method="post" action="${escapeHtml(input.formAction)}">
${hidden}
<fieldset><legend>${t('vnpaySandbox.outcome')}</legend>
${outcomes}
</fieldset>
<label for="bank">${t('vnpaySandbox.bank')}</label>
<select id="bank" name="bankCode">${banks}</select>
<p><button type="submit">${t('vnpaySandbox.submit')}</button></p>
</form>`,
  );
}

/** The page that refuses a request (bad signature, missing field, expired). */
export function renderErrorPage(language: Language, nonce: string, message: string): string {
  const title = translate(language, 'vnpaySandbox.errorTitle');
  return layout(
    language,
    nonce,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="notice" role="note">${escapeHtml(translate(language, 'vnpaySandbox.notice'))}</p>
<p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}
