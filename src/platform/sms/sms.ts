import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { newId } from '../ids.ts';

/** A text message to a phone: `to` in E.164 (`+84912345678`), `text` as it will be sent. */
export type SmsMessage = { to: string; text: string };

/** Sends text messages; each transport (logging file, a carrier's brand-name SMS gateway…) implements it. */
export interface SmsSender {
  send(message: SmsMessage): Promise<{ messageId: string }>;
}

/** Transports chosen by `SMS_TRANSPORT`. */
export const SMS_TRANSPORTS = ['logging', 'none'] as const;
export type SmsTransport = (typeof SMS_TRANSPORTS)[number];

/**
 * The SMS transport chosen by configuration. `logging` (the default) appends one JSON line per message to
 * `outboxFile`, so a single-machine install and the tests see exactly what would have gone out; `none` drops
 * messages (an instance without an SMS contract). A carrier gateway is one more transport behind this interface.
 */
export function createSmsSender(options: { transport: SmsTransport; outboxFile: string }): SmsSender {
  if (options.transport === 'none') {
    return { send: async () => ({ messageId: 'dropped' }) };
  }
  return {
    async send(message) {
      const messageId = newId();
      await mkdir(path.dirname(options.outboxFile), { recursive: true });
      // One write per line keeps lines whole when several workers append to the same file.
      await appendFile(
        options.outboxFile,
        `${JSON.stringify({ id: messageId, at: new Date().toISOString(), to: message.to, text: message.text })}\n`,
      );
      return { messageId };
    },
  };
}

/**
 * A Vietnamese phone number in E.164: `0912 345 678`, `84912345678` and `+84 912 345 678` all give
 * `+84912345678`. @returns null when it is not a Vietnamese mobile or landline number
 */
export function normalizeVietnamPhone(raw: string): string | null {
  const digits = raw.replace(/[\s.()-]/g, '');
  const national = /^(?:\+84|84|0)([1-9]\d{8,9})$/.exec(digits)?.[1];
  return national ? `+84${national}` : null;
}

/**
 * Text without Vietnamese diacritics (đ → d): brand-name SMS gateways in Vietnam take unaccented text, and it fits
 * 160 GSM-7 characters a segment instead of 70 in UCS-2.
 */
export function unaccented(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}
