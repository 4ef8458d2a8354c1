import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { eventually } from '../../../test/support/browser.ts';
import { type ReceivedMail, startSmtpServer } from '../../../test/support/smtp.ts';
import { registerMailWorker } from '../../platform/mail/mail-worker.ts';
import { registerSmsWorker } from '../../platform/sms/sms-worker.ts';
import { normalizeVietnamPhone, unaccented } from '../../platform/sms/sms.ts';
import { type NoticeDossier, composeNotice, notifyApplicant } from './notify-applicant.ts';

const dossier: NoticeDossier = {
  code: '000.00.50.H38-260213-0007',
  procedureName: 'Đăng ký khai sinh',
  agencyName: 'Bộ phận Một cửa UBND Phường Lào Cai',
  applicant: { fullName: 'Lò Thị Mai', email: 'lothimai@example.vn', phone: '0912 345 678' },
};
const PUBLIC_URL = 'https://dichvucong.laocai.gov.vn';
const LINK = `${PUBLIC_URL}/tra-cuu/${encodeURIComponent(dossier.code)}`;

describe('notices to the applicant, composed', () => {
  it('normalises Vietnamese phone numbers and strips diacritics for SMS', () => {
    expect(normalizeVietnamPhone('0912 345 678')).toBe('+84912345678');
    expect(normalizeVietnamPhone('+84 912.345.678')).toBe('+84912345678');
    expect(normalizeVietnamPhone('84912345678')).toBe('+84912345678');
    expect(normalizeVietnamPhone('12345')).toBeNull();
    expect(unaccented('Đã tiếp nhận hồ sơ Lào Cai')).toBe('Da tiep nhan ho so Lao Cai');
  });

  it('words each event in Vietnamese with its facts, and in English when asked', () => {
    const supplement = composeNotice({
      event: {
        kind: 'supplement_requested',
        items: ['Giấy chứng sinh bản chụp rõ nét', 'Ghi đủ quê quán của người mẹ'],
      },
      dossier,
      language: 'vi',
      publicUrl: PUBLIC_URL,
    });
    expect(supplement.subject).toBe(`Hồ sơ ${dossier.code} cần bổ sung, hoàn thiện`);
    expect(supplement.text).toContain('1. Giấy chứng sinh bản chụp rõ nét\n2. Ghi đủ quê quán của người mẹ');
    expect(supplement.text).toContain(LINK);
    expect(supplement.sms).toBe(`Ho so ${dossier.code} can bo sung, hoan thien (2 noi dung). Chi tiet: ${LINK}`);

    const apology = composeNotice({
      event: {
        kind: 'apology',
        previousDueAt: new Date('2026-02-24T09:00:00+07:00'),
        newDueAt: new Date('2026-02-27T17:00:00+07:00'),
        reason: 'Cần xác minh thêm.',
      },
      dossier,
      language: 'en',
      publicUrl: PUBLIC_URL,
    });
    expect(apology.subject).toBe(`Apology and new date for application ${dossier.code}`);
    expect(apology.text).toContain('will return the result by 17:00 27/02/2026');
    expect(apology.text).toContain('Reason: Cần xác minh thêm.');
  });
});

describe('notices to the applicant, delivered', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const smsLog = () => path.join(t.config.dataDir, 'sms-outbox.log');
  const smsLines = async () =>
    (await readFile(smsLog(), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { to: string; text: string });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ smtpUrl: smtp.url, publicUrl: PUBLIC_URL });
    await registerMailWorker(t.app.platform);
    await registerSmsWorker(t.app.platform);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends nothing when the change that caused the notice rolls back', async () => {
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await notifyApplicant(trx, t.app.platform.jobs, {
          event: { kind: 'result_ready', resultPickup: 'Bộ phận Một cửa' },
          dossier: { ...dossier, code: 'ROLLED-BACK' },
          language: 'vi',
          publicUrl: PUBLIC_URL,
        });
        throw new Error('the dossier change failed');
      })
      .catch(() => undefined);
    const pending = await t.database.db
      .selectFrom('pgboss.job' as never)
      .select('name' as never)
      .where('name' as never, 'in', ['mail.send', 'sms.send'] as never)
      .execute();
    expect(pending).toEqual([]);
  });

  it('e-mails the receipt notice over SMTP and texts it, both queued in the transaction', async () => {
    const seen = smtp.messages.length;
    const channels = await t.database.db.transaction().execute((trx) =>
      notifyApplicant(trx, t.app.platform.jobs, {
        event: {
          kind: 'received',
          receivedAt: new Date('2026-02-13T14:30:00+07:00'),
          dueAt: new Date('2026-02-24T09:00:00+07:00'),
          resultPickup: 'Bộ phận Một cửa UBND Phường Lào Cai',
        },
        dossier,
        language: 'vi',
        publicUrl: PUBLIC_URL,
      }),
    );
    expect(channels).toEqual({ mail: true, sms: true });
    const mail: ReceivedMail = await eventually(async () =>
      smtp.messages.slice(seen).find((m) => m.to.includes('lothimai@example.vn')),
    );
    expect(mail.subject).toBe(`Hồ sơ ${dossier.code} đã được tiếp nhận`);
    expect(mail.text).toContain('Kính gửi Ông/Bà Lò Thị Mai');
    expect(mail.text).toContain(`Mã hồ sơ: ${dossier.code}`);
    expect(mail.text).toContain('Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 24 tháng 02 năm 2026');
    expect(mail.text).toContain(LINK);
    const sms = await eventually(async () => (await smsLines()).find((l) => l.text.includes(dossier.code)));
    expect(sms.to).toBe('+84912345678');
    expect(sms.text).toBe(
      `Bo phan Mot cua UBND Phuong Lao Cai da tiep nhan ho so ${dossier.code}, hen tra ket qua 09:00 24/02/2026. Tra cuu: ${LINK}`,
    );
  });

  it('uses only the channels the applicant gave', async () => {
    const channels = await t.database.db.transaction().execute((trx) =>
      notifyApplicant(trx, t.app.platform.jobs, {
        event: { kind: 'result_ready', resultPickup: 'Bộ phận Một cửa' },
        dossier: { ...dossier, code: 'NO-CONTACT', applicant: { fullName: 'Giàng A Páo', email: null, phone: null } },
        language: 'vi',
        publicUrl: PUBLIC_URL,
      }),
    );
    expect(channels).toEqual({ mail: false, sms: false });
  });
});
