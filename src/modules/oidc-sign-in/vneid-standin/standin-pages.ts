import { translate } from '../../../platform/i18n/index.ts';
import { STANDIN_IDENTITIES, STANDIN_PASSWORD } from './identities.ts';

/**
 * The HTML of the VNeID stand-in's own pages (login, consent, error): server-rendered, no JavaScript, labelled
 * controls, text from the dictionaries (Vietnamese: the stand-in plays a Vietnamese national service). Styles come
 * in one <style> element allowed by a per-response nonce.
 */

const t = (key: string, params?: Record<string, string | number>) =>
  escapeHtml(translate('vi', `citizenAccess.standin.${key}`, params));

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f3f0ea;color:#1b1f23}
main{max-width:34rem;margin:1.5rem auto;padding:1.25rem;background:#fff;border-top:6px solid #a50e0e}
h1{font-size:1.4rem;margin-top:0}h2{font-size:1.1rem}
.notice{background:#fff4ce;border:1px solid #8a6d00;padding:.75rem}
.error{background:#ffe3e3;border:1px solid #a40000;padding:.75rem}
label{display:block;font-weight:600;margin-top:1rem}
input[type=text],input[type=password]{font:inherit;padding:.4rem;width:100%;max-width:20rem;box-sizing:border-box;border:2px solid #444}
.actions{margin-top:1.25rem;display:flex;gap:.75rem;flex-wrap:wrap}
button{font:inherit;padding:.5rem 1.25rem;background:#a50e0e;color:#fff;border:0;cursor:pointer}
button.secondary{background:#e8e8e8;color:#1b1f23}
button:focus,input:focus{outline:3px solid #f0a500;outline-offset:2px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ccc}`;

function layout(nonce: string, heading: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)} – ${t('title')}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>
<p class="notice" role="note"><strong>${t('title')}.</strong> ${t('notice')}</p>
<h1>${escapeHtml(heading)}</h1>
${body}
</main></body></html>`;
}

/** The login step: personal ID and password, with the demo identities listed (this is a demo system). */
export function renderLoginPage(input: {
  nonce: string;
  action: string;
  abortAction: string;
  client: string;
  personalId?: string;
  wrong?: boolean;
}): string {
  const rows = STANDIN_IDENTITIES.map(
    (identity) => `<tr><td>${escapeHtml(identity.name)}</td><td>${identity.personalId}</td></tr>`,
  ).join('');
  return layout(
    input.nonce,
    translate('vi', 'citizenAccess.standin.loginTitle'),
    `<p>${t('loginIntro', { client: input.client })}</p>
${input.wrong ? `<p class="error" role="alert">${t('wrong')}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}">
<label for="personalId">${t('personalId')}</label>
<input type="text" id="personalId" name="personalId" inputmode="numeric" autocomplete="username" value="${escapeHtml(input.personalId ?? '')}">
<label for="password">${t('password')}</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<div class="actions"><button type="submit">${t('submit')}</button></div>
</form>
<form method="post" action="${escapeHtml(input.abortAction)}"><div class="actions"><button type="submit" class="secondary">${t('cancel')}</button></div></form>
<h2>${t('demoTitle')}</h2>
<p>${t('demoPassword', { password: STANDIN_PASSWORD })}</p>
<table><thead><tr><th scope="col">${t('demoName')}</th><th scope="col">${t('demoId')}</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

/** The consent step: what the client will receive; allow or refuse. */
export function renderConsentPage(input: {
  nonce: string;
  action: string;
  abortAction: string;
  client: string;
  scopes: readonly string[];
}): string {
  const items = [
    ['profile', 'claimName'],
    ['profile', 'claimPersonalId'],
    ['email', 'claimEmail'],
    ['phone', 'claimPhone'],
  ]
    .filter(([scope]) => input.scopes.includes(scope ?? ''))
    .map(([, key]) => `<li>${t(key ?? '')}</li>`)
    .join('');
  return layout(
    input.nonce,
    translate('vi', 'citizenAccess.standin.consentTitle'),
    `<p>${t('consentIntro', { client: input.client })}</p>
<ul>${items}</ul>
<form method="post" action="${escapeHtml(input.action)}"><div class="actions"><button type="submit">${t('allow')}</button></div></form>
<form method="post" action="${escapeHtml(input.abortAction)}"><div class="actions"><button type="submit" class="secondary">${t('deny')}</button></div></form>`,
  );
}

/** What the stand-in shows when a request cannot go on (bad client, redirect URI, expired interaction). */
export function renderErrorPage(nonce: string, message: string): string {
  return layout(
    nonce,
    translate('vi', 'citizenAccess.standin.errorTitle'),
    `<p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}
