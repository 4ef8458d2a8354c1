import { describe, expect, it } from 'vitest';
import { renderApologyPdf, renderReceiptPdf, renderSupplementRequestPdf } from './one-stop-forms.ts';
import { decodeQrOnFirstPage, pdfPages, pdfText } from './pdf-test-support.ts';
import { type ReceiptInput, lookupUrl } from './print-model.ts';
import { shortVietnameseDate, vietnameseDate, vietnameseDateTime, vnd } from '../../platform/i18n/vietnamese-format.ts';

const CODE = '000.00.50.H38-260213-0007';
const URL_ = lookupUrl('https://dichvucong.laocai.gov.vn/', CODE);
const agency = {
  parentName: 'UBND Phường Lào Cai',
  name: 'Bộ phận Một cửa',
  place: 'Lào Cai',
  phone: '0214 3820 123',
};
const applicant = {
  fullName: 'Lò Thị Mai',
  personalId: '010190001111',
  phone: '0912 345 678',
  email: 'lothimai@example.vn',
  address: 'Tổ 5, phường Lào Cai, tỉnh Lào Cai',
};

const sampleReceipt: ReceiptInput = {
  agency,
  dossierCode: CODE,
  applicant,
  onBehalfOf: { fullName: 'Lò Văn Nam', relation: 'con' },
  procedureName: 'Đăng ký khai sinh',
  components: [
    { name: 'Tờ khai đăng ký khai sinh theo mẫu', originals: 1, copies: 0 },
    { name: 'Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp', originals: 1, copies: 0 },
    { name: 'Giấy tờ tùy thân của người đi đăng ký (xuất trình)', originals: 0, copies: 1, note: 'bản chụp' },
  ],
  deadline: { workingHours: 4 },
  fees: [{ name: 'Lệ phí đăng ký khai sinh', amount: 8000, paid: true }],
  // Friday 13 February 2026, 14:30 in Lào Cai (07:30 UTC).
  receivedAt: new Date('2026-02-13T07:30:00Z'),
  dueAt: new Date('2026-02-24T09:00:00+07:00'),
  resultPickup: 'Bộ phận Một cửa UBND Phường Lào Cai, số 1 đường Hoàng Liên',
  officerName: 'Nguyễn Thị Hoa',
  lookupUrl: URL_,
};

/** pdftotext may break a line anywhere; compare with all whitespace folded. */
const fold = (text: string) => text.replace(/\s+/g, ' ');

describe('Vietnamese form dates and amounts', () => {
  it('writes dates as forms do, in Lào Cai time even when the instant is another UTC day', () => {
    // 23:30 UTC on the 12th is 06:30 on the 13th in Lào Cai.
    const at = new Date('2026-02-12T23:30:00Z');
    expect(vietnameseDate(at)).toBe('ngày 13 tháng 02 năm 2026');
    expect(vietnameseDateTime(at)).toBe('06 giờ 30 phút, ngày 13 tháng 02 năm 2026');
    expect(shortVietnameseDate(at)).toBe('13/02/2026');
    expect(vnd(1_250_000)).toBe('1.250.000 đồng');
    expect(vnd(0)).toBe('0 đồng');
    expect(lookupUrl('https://a.vn/', 'X Y')).toBe('https://a.vn/tra-cuu/X%20Y');
  });
});

describe('Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)', () => {
  it('prints the motto, the agency, the code, the applicant, the components, fees, times, place and officer', async () => {
    const pdf = await renderReceiptPdf(sampleReceipt);
    // Light enough for a 3G phone: the fonts are embedded as Vietnamese subsets, not whole (0.85 MB before).
    expect(pdf.byteLength).toBeLessThan(150_000);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(await pdfPages(pdf)).toBe(1);
    const text = fold(await pdfText(pdf));
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'UBND PHƯỜNG LÀO CAI',
      'BỘ PHẬN MỘT CỬA',
      'Lào Cai, ngày 13 tháng 02 năm 2026',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      `Mã hồ sơ: ${CODE}`,
      'Ông/Bà: Lò Thị Mai',
      'Nộp hồ sơ thay cho: Lò Văn Nam (con)',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
      'Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp',
      'Bản chính',
      '04 giờ làm việc',
      'Thời gian nhận hồ sơ: 14 giờ 30 phút, ngày 13 tháng 02 năm 2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 24 tháng 02 năm 2026',
      'Nhận kết quả tại: Bộ phận Một cửa UBND Phường Lào Cai',
      'Lệ phí đăng ký khai sinh: 8.000 đồng (đã nộp)',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Nguyễn Thị Hoa',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('carries a QR code that opens the public lookup page of the dossier', async () => {
    const pdf = await renderReceiptPdf(sampleReceipt);
    expect(await decodeQrOnFirstPage(pdf)).toBe(`https://dichvucong.laocai.gov.vn/tra-cuu/${encodeURIComponent(CODE)}`);
  });

  it('flows a long list of components onto a second page instead of cutting it off', async () => {
    const components = Array.from({ length: 40 }, (_, i) => ({
      name: `Giấy tờ số ${i + 1} về quyền sử dụng đất`,
      originals: 1,
      copies: 1,
    }));
    const pdf = await renderReceiptPdf({ ...sampleReceipt, components });
    expect(await pdfPages(pdf)).toBeGreaterThan(1);
    const text = fold(await pdfText(pdf));
    expect(text).toContain('Giấy tờ số 40 về quyền sử dụng đất');
    expect(text).toContain('NGƯỜI TIẾP NHẬN HỒ SƠ');
  });
});

describe('Phiếu yêu cầu bổ sung và Phiếu xin lỗi', () => {
  it('lists every item to supplement, once, with whom to ask', async () => {
    const pdf = await renderSupplementRequestPdf({
      agency,
      dossierCode: CODE,
      applicant,
      procedureName: 'Đăng ký khai sinh',
      receivedAt: sampleReceipt.receivedAt,
      requestedAt: new Date('2026-02-13T09:00:00Z'),
      items: ['Giấy chứng sinh bản chụp rõ nét', 'Ghi đủ quê quán của người mẹ trong tờ khai'],
      reason: 'Bản chụp không đọc được.',
      officerName: 'Nguyễn Thị Hoa',
      lookupUrl: URL_,
    });
    const text = fold(await pdfText(pdf));
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain('1. Giấy chứng sinh bản chụp rõ nét');
    expect(text).toContain('2. Ghi đủ quê quán của người mẹ trong tờ khai');
    expect(text).toContain('Lý do: Bản chụp không đọc được.');
    expect(text).toContain('số điện thoại 0214 3820 123');
    expect(text).toContain(CODE);
    expect(await decodeQrOnFirstPage(pdf)).toBe(URL_);
  });

  it('apologises with the reason and the new appointment', async () => {
    const pdf = await renderApologyPdf({
      agency,
      dossierCode: CODE,
      applicant,
      procedureName: 'Đăng ký khai sinh',
      receivedAt: sampleReceipt.receivedAt,
      previousDueAt: sampleReceipt.dueAt,
      newDueAt: new Date('2026-02-27T17:00:00+07:00'),
      reason: 'Cần xác minh thông tin với nơi cư trú trước đây của người mẹ.',
      issuedAt: new Date('2026-02-23T10:00:00+07:00'),
      signerTitle: 'Chủ tịch',
      signerName: 'Hoàng Văn Sơn',
      lookupUrl: URL_,
    });
    const text = fold(await pdfText(pdf));
    expect(text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(text).toContain('Kính gửi: Ông/Bà Lò Thị Mai');
    expect(text).toContain('Lý do: Cần xác minh thông tin với nơi cư trú trước đây của người mẹ.');
    expect(text).toContain('trân trọng xin lỗi');
    expect(text).toContain('vào 17 giờ 00 phút, ngày 27 tháng 02 năm 2026');
    expect(text).toContain('CHỦ TỊCH');
    expect(await decodeQrOnFirstPage(pdf)).toBe(URL_);
  });
});
