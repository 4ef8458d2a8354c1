import type { Queryable } from '../../platform/db/database.ts';
import { type Language, type MessageKey, translate } from '../../platform/i18n/index.ts';
import { compactDateTime, vietnameseDateTime } from '../../platform/i18n/vietnamese-format.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { enqueueMail } from '../../platform/mail/mail-worker.ts';
import { enqueueSms } from '../../platform/sms/sms-worker.ts';
import { normalizeVietnamPhone, unaccented } from '../../platform/sms/sms.ts';

/**
 * What the applicant of a dossier is told, and when: the dossier was received (with its code and appointment), it
 * needs supplementing (with everything missing), its result is ready, or it is late (the apology with the new
 * date). Each notice goes by e-mail and by SMS when the applicant gave an address or a number, queued in the
 * transaction of the change, so nothing is sent for a change that rolls back and an outage only delays it.
 */

/** The facts of a dossier every notice names. Plain values: the dossier module fills them from its own shape. */
export type NoticeDossier = {
  code: string;
  procedureName: string;
  /** The desk or agency speaking, e.g. `Bộ phận Một cửa UBND Phường Lào Cai`. */
  agencyName: string;
  applicant: { fullName: string; email: string | null; phone: string | null };
};

export type ApplicantEvent =
  | { kind: 'received'; receivedAt: Date; dueAt: Date; resultPickup: string }
  | { kind: 'supplement_requested'; items: string[] }
  | { kind: 'result_ready'; resultPickup: string }
  | { kind: 'apology'; previousDueAt: Date; newDueAt: Date; reason: string };

export type NotifyInput = {
  event: ApplicantEvent;
  dossier: NoticeDossier;
  /** The applicant's language (Vietnamese unless they chose English). */
  language: Language;
  /** The platform's public address: the lookup link points there. */
  publicUrl: string;
};

const KEYS = {
  received: 'received',
  supplement_requested: 'supplementRequested',
  result_ready: 'resultReady',
  apology: 'apology',
} as const satisfies Record<ApplicantEvent['kind'], string>;

/** The lookup page of a dossier, the same address as the QR code on its forms. */
function lookupLink(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/tra-cuu/${encodeURIComponent(code)}`;
}

/** The values a notice's texts fill in. */
function paramsOf(input: NotifyInput, forSms: boolean): Record<string, string | number> {
  const { dossier, event, language } = input;
  // E-mails spell dates out; an SMS has 160 characters.
  const when = (at: Date) => (forSms || language !== 'vi' ? compactDateTime(at) : vietnameseDateTime(at));
  const params: Record<string, string | number> = {
    name: dossier.applicant.fullName,
    code: dossier.code,
    procedure: dossier.procedureName,
    agency: dossier.agencyName,
    link: lookupLink(input.publicUrl, dossier.code),
  };
  switch (event.kind) {
    case 'received':
      return { ...params, receivedAt: when(event.receivedAt), dueAt: when(event.dueAt), pickup: event.resultPickup };
    case 'supplement_requested':
      return {
        ...params,
        items: event.items.map((item, i) => `${i + 1}. ${item}`).join('\n'),
        count: event.items.length,
      };
    case 'result_ready':
      return { ...params, pickup: event.resultPickup };
    case 'apology':
      return {
        ...params,
        previousDueAt: when(event.previousDueAt),
        newDueAt: when(event.newDueAt),
        reason: event.reason,
      };
  }
}

/** The e-mail and SMS texts of a notice, without sending anything. */
export function composeNotice(input: NotifyInput): { subject: string; text: string; sms: string } {
  const key = KEYS[input.event.kind];
  const t = (k: string, params: Record<string, string | number>) => translate(input.language, k as MessageKey, params);
  const mailParams = paramsOf(input, false);
  const smsParams = paramsOf(input, true);
  const text = [
    t(`notifications.${key}.text`, mailParams),
    t('notifications.lookup', mailParams),
    t('mail.signature', {}),
  ].join('\n\n');
  const sms = t(`notifications.${key}.sms`, smsParams);
  return {
    subject: t(`notifications.${key}.subject`, mailParams),
    text,
    sms: input.language === 'vi' ? unaccented(sms) : sms,
  };
}

/**
 * Queues the notice to the applicant, by e-mail and SMS where they gave an address or a number, in the caller's
 * transaction.
 * @returns which channels were queued
 */
export async function notifyApplicant(
  trx: Queryable,
  jobs: Pick<Jobs, 'enqueue'>,
  input: NotifyInput,
): Promise<{ mail: boolean; sms: boolean }> {
  const notice = composeNotice(input);
  const { email, phone } = input.dossier.applicant;
  const to = phone ? normalizeVietnamPhone(phone) : null;
  if (email) {
    await enqueueMail(jobs, trx, { to: email, subject: notice.subject, text: notice.text });
  }
  if (to) {
    await enqueueSms(jobs, trx, { to, text: notice.sms });
  }
  return { mail: Boolean(email), sms: Boolean(to) };
}
