import { FormWriter } from './pdf-form.ts';
import { QR_SIZE, applicantLines, besideQr, header, lookupQr, signatures, title } from './form-parts.ts';
import type { ControlSheetInput, HandoffOutcome, RefusalInput } from './print-model.ts';
import { compactDateTime, vietnameseDate, vietnameseDateTime } from '../../platform/i18n/vietnamese-format.ts';

/**
 * The two one-stop forms that stay with the administration's side of a dossier's life: the refusal to receive it
 * (Mẫu 03, handed to the applicant) and the control sheet that travels with it and logs every hand-over (Mẫu 05,
 * printed when the result is handed over or whenever a supervisor asks). Wording is prescribed in Vietnamese.
 */

/**
 * Renders the "Phiếu từ chối tiếp nhận giải quyết hồ sơ" (Mẫu 03): why the dossier cannot be received.
 * @returns the PDF bytes
 */
export async function renderRefusalPdf(input: RefusalInput): Promise<Uint8Array> {
  const w = await FormWriter.create({
    title: `Phiếu từ chối tiếp nhận giải quyết hồ sơ ${input.dossierCode}`,
    subject: input.procedureName,
  });
  header(w, input.agency, input.refusedAt);
  title(w, 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', [`Mã hồ sơ: ${input.dossierCode}`]);
  const top = w.cursor;
  await lookupQr(w, input.lookupUrl, input.dossierCode);
  const narrow = { width: besideQr(w), align: 'justify' as const };
  w.paragraph(
    `${vietnameseDate(input.submittedAt).replace(/^n/, 'N')}, ${input.agency.name} nhận được hồ sơ của:`,
    narrow,
  );
  applicantLines(w, input.applicant, narrow.width);
  w.cursor = Math.min(w.cursor, top - QR_SIZE - 30);
  w.paragraph(`Nội dung yêu cầu giải quyết: ${input.procedureName}`, { style: 'bold', after: 4 });
  w.paragraph(
    'Sau khi xem xét, căn cứ quy định của pháp luật, cơ quan tiếp nhận từ chối tiếp nhận hồ sơ này với lý do sau:',
    { align: 'justify' },
  );
  input.reasons.forEach((reason, i) => {
    w.paragraph(`${i + 1}. ${reason}`, { x: 14, width: w.contentWidth - 14, align: 'justify' });
  });
  w.paragraph('Xin thông báo để Ông/Bà biết và thực hiện.', { after: 4 });
  w.paragraph(`Tra cứu tình trạng hồ sơ tại ${input.lookupUrl}`, { style: 'italic', size: w.baseSize - 1 });
  signatures(w, [{ title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.officerName }]);
  return w.save();
}

const OUTCOME_WORDS: Record<HandoffOutcome, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

/**
 * Renders the "Phiếu kiểm soát quá trình giải quyết hồ sơ" (Mẫu 05): every hand-over from reception to the
 * result, with whether each step ended before, on or after its due time.
 * @returns the PDF bytes
 */
export async function renderControlSheetPdf(input: ControlSheetInput): Promise<Uint8Array> {
  const w = await FormWriter.create({
    title: `Phiếu kiểm soát quá trình giải quyết hồ sơ ${input.dossierCode}`,
    subject: input.procedureName,
    landscape: true,
    baseSize: 11,
  });
  header(w, input.agency, input.printedAt);
  title(w, 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', [`Mã hồ sơ: ${input.dossierCode}`]);
  const top = w.cursor;
  await lookupQr(w, input.lookupUrl, input.dossierCode);
  const narrow = { width: besideQr(w) };
  w.paragraph(`Nội dung yêu cầu giải quyết: ${input.procedureName}`, { ...narrow, style: 'bold' });
  applicantLines(w, input.applicant, narrow.width, 'Người nộp hồ sơ');
  w.paragraph(`Tiếp nhận: ${vietnameseDateTime(input.receivedAt)}`, narrow);
  w.paragraph(`Hẹn trả kết quả: ${vietnameseDateTime(input.dueAt)}`, { ...narrow, style: 'bold' });
  w.cursor = Math.min(w.cursor, top - QR_SIZE - 30);
  const width = w.contentWidth;
  w.table(
    [
      { header: 'STT', width: width * 0.05, align: 'center' },
      { header: 'Bên giao', width: width * 0.25 },
      { header: 'Bên nhận', width: width * 0.25 },
      { header: 'Nội dung', width: width * 0.17 },
      { header: 'Thời gian giao, nhận', width: width * 0.16 },
      { header: 'Kết quả', width: width * 0.12, align: 'center' },
    ],
    input.handoffs.map((h, i) => [
      String(i + 1),
      h.from,
      h.to,
      h.what,
      compactDateTime(h.at),
      h.outcome ? OUTCOME_WORDS[h.outcome] : '',
    ]),
  );
  return w.save();
}
