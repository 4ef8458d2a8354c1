import { FormWriter } from './pdf-form.ts';
import { QR_SIZE, applicantLines, besideQr, deadlineText, header, lookupQr, signatures, title } from './form-parts.ts';
import type { ApologyInput, ReceiptInput, SupplementRequestInput } from './print-model.ts';
import { vietnameseDate, vietnameseDateTime, vnd } from '../../platform/i18n/vietnamese-format.ts';

/**
 * The three one-stop forms an applicant takes home (TT 01/2018/TT-VPCP, kept under NĐ 118/2025): the receipt with
 * the appointment (Mẫu 01), the request to supplement (Mẫu 02) and the apology with a new appointment (Mẫu 04).
 * Their wording is prescribed in Vietnamese, the language of the administration, so it lives here rather than in
 * the i18n dictionaries. Each carries a QR code that opens the dossier's public lookup page.
 */

/**
 * Renders the "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Mẫu 01): who handed in what, the fees, when it was
 * received and when and where the result will be returned, signed by the applicant and the receiving officer.
 * @returns the PDF bytes
 */
export async function renderReceiptPdf(input: ReceiptInput): Promise<Uint8Array> {
  const w = await FormWriter.create({
    title: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${input.dossierCode}`,
    subject: input.procedureName,
  });
  header(w, input.agency, input.receivedAt);
  title(w, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', [`Mã hồ sơ: ${input.dossierCode}`]);

  const top = w.cursor;
  await lookupQr(w, input.lookupUrl, input.dossierCode);
  const narrow = { width: besideQr(w), align: 'justify' as const };
  w.paragraph(
    `${input.agency.name}${input.agency.parentName ? ` ${input.agency.parentName}` : ''} đã tiếp nhận hồ sơ của:`,
    narrow,
  );
  applicantLines(w, input.applicant, narrow.width);
  if (input.onBehalfOf) {
    const relation = input.onBehalfOf.relation ? ` (${input.onBehalfOf.relation})` : '';
    w.paragraph(`Nộp hồ sơ thay cho: ${input.onBehalfOf.fullName}${relation}`, { width: narrow.width });
  }
  w.cursor = Math.min(w.cursor, top - QR_SIZE - 30);
  w.paragraph(`Nội dung yêu cầu giải quyết: ${input.procedureName}`, { style: 'bold', after: 4 });

  w.paragraph('1. Thành phần hồ sơ nộp gồm:');
  const c = w.contentWidth;
  w.table(
    [
      { header: 'STT', width: 30, align: 'center' },
      { header: 'Tên giấy tờ', width: c - 30 - 62 - 62 },
      { header: 'Bản chính', width: 62, align: 'center' },
      { header: 'Bản sao', width: 62, align: 'center' },
    ],
    input.components.map((component, i) => [
      String(i + 1),
      component.note ? `${component.name} (${component.note})` : component.name,
      String(component.originals).padStart(2, '0'),
      String(component.copies).padStart(2, '0'),
    ]),
  );
  w.paragraph(`2. Số lượng hồ sơ: ${String(input.sets ?? 1).padStart(2, '0')} (bộ)`);
  if (input.deadline) {
    w.paragraph(`3. Thời gian giải quyết hồ sơ theo quy định: ${deadlineText(input.deadline)}`);
  }
  w.paragraph(`4. Thời gian nhận hồ sơ: ${vietnameseDateTime(input.receivedAt)}`);
  w.paragraph(`5. Thời gian trả kết quả giải quyết hồ sơ: ${vietnameseDateTime(input.dueAt)}`, { style: 'bold' });
  w.paragraph(`6. Nhận kết quả tại: ${input.resultPickup}`);
  if (input.fees.length === 0) {
    w.paragraph('7. Phí, lệ phí: không thu');
  } else {
    const total = input.fees.reduce((sum, f) => sum + f.amount, 0);
    w.paragraph(`7. Phí, lệ phí: ${vnd(total)}`);
    for (const fee of input.fees) {
      w.paragraph(`- ${fee.name}: ${vnd(fee.amount)} (${fee.paid ? 'đã nộp' : 'chưa nộp'})`, {
        x: 14,
        width: w.contentWidth - 14,
      });
    }
  }
  w.paragraph(
    `Tra cứu tình trạng hồ sơ bằng mã hồ sơ tại ${input.lookupUrl} hoặc quét mã QR trên giấy này. ` +
      'Khi đến nhận kết quả, xin mang theo giấy này.',
    { style: 'italic', size: w.baseSize - 1 },
  );
  signatures(w, [
    { title: 'NGƯỜI NỘP HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.applicant.fullName },
    { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.officerName },
  ]);
  return w.save();
}

/**
 * Renders the "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" (Mẫu 02): everything the applicant must add or correct,
 * asked for at once, and whom to ask for guidance.
 * @returns the PDF bytes
 */
export async function renderSupplementRequestPdf(input: SupplementRequestInput): Promise<Uint8Array> {
  const w = await FormWriter.create({
    title: `Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ ${input.dossierCode}`,
    subject: input.procedureName,
  });
  header(w, input.agency, input.requestedAt);
  title(w, 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', [`Mã hồ sơ: ${input.dossierCode}`]);
  const top = w.cursor;
  await lookupQr(w, input.lookupUrl, input.dossierCode);
  const narrow = { width: besideQr(w), align: 'justify' as const };
  w.paragraph(
    `${vietnameseDate(input.receivedAt).replace(/^n/, 'N')}, ${input.agency.name} đã tiếp nhận hồ sơ của:`,
    narrow,
  );
  applicantLines(w, input.applicant, narrow.width);
  w.cursor = Math.min(w.cursor, top - QR_SIZE - 30);
  w.paragraph(`Nội dung yêu cầu giải quyết: ${input.procedureName}`, { style: 'bold', after: 4 });
  w.paragraph('Sau khi xem xét, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:', {
    align: 'justify',
  });
  input.items.forEach((item, i) => {
    w.paragraph(`${i + 1}. ${item}`, { x: 14, width: w.contentWidth - 14, align: 'justify' });
  });
  if (input.reason) {
    w.paragraph(`Lý do: ${input.reason}`, { align: 'justify' });
  }
  const contact = input.contactPhone ?? input.agency.phone;
  w.paragraph(
    'Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ' +
      `${input.officerName}${contact ? `, số điện thoại ${contact}` : ''} để được hướng dẫn. ` +
      'Thời gian bổ sung hồ sơ không tính vào thời hạn giải quyết.',
    { align: 'justify', after: 4 },
  );
  w.paragraph(`Tra cứu tình trạng hồ sơ tại ${input.lookupUrl}`, { style: 'italic', size: w.baseSize - 1 });
  signatures(w, [{ title: 'NGƯỜI HƯỚNG DẪN', hint: '(Ký và ghi rõ họ tên)', name: input.officerName }]);
  return w.save();
}

/**
 * Renders the "Phiếu xin lỗi và hẹn lại ngày trả kết quả" (Mẫu 04): the agency apologises for missing the
 * appointment, gives the reason and the new date, signed by its head.
 * @returns the PDF bytes
 */
export async function renderApologyPdf(input: ApologyInput): Promise<Uint8Array> {
  const agencyName = input.agency.parentName ?? input.agency.name;
  const w = await FormWriter.create({
    title: `Phiếu xin lỗi và hẹn lại ngày trả kết quả ${input.dossierCode}`,
    subject: input.procedureName,
  });
  header(w, input.agency, input.issuedAt);
  title(w, 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', [`Mã hồ sơ: ${input.dossierCode}`]);
  const top = w.cursor;
  await lookupQr(w, input.lookupUrl, input.dossierCode);
  const narrow = { width: besideQr(w), align: 'justify' as const };
  w.paragraph(`Kính gửi: Ông/Bà ${input.applicant.fullName}`, { ...narrow, style: 'bold', after: 4 });
  w.paragraph(
    `${vietnameseDate(input.receivedAt).replace(/^n/, 'N')}, ${agencyName} tiếp nhận giải quyết hồ sơ của Ông/Bà ` +
      `về việc: ${input.procedureName}.`,
    narrow,
  );
  w.cursor = Math.min(w.cursor, top - QR_SIZE - 30);
  w.paragraph(
    `Thời hạn trả kết quả giải quyết hồ sơ ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ${vietnameseDateTime(input.previousDueAt)}.`,
    {
      align: 'justify',
    },
  );
  w.paragraph(`Tuy nhiên đến nay, ${agencyName} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng hạn.`, {
    align: 'justify',
  });
  w.paragraph(`Lý do: ${input.reason}`, { align: 'justify' });
  w.paragraph(
    `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${agencyName} trân trọng xin lỗi Ông/Bà và sẽ trả kết quả ` +
      `giải quyết hồ sơ cho Ông/Bà vào ${vietnameseDateTime(input.newDueAt)}.`,
    { align: 'justify', style: 'bold' },
  );
  w.paragraph('Xin trân trọng cảm ơn sự hợp tác của Ông/Bà.', { after: 4 });
  w.paragraph(`Tra cứu tình trạng hồ sơ tại ${input.lookupUrl}`, { style: 'italic', size: w.baseSize - 1 });
  signatures(w, [
    { title: '', hint: '' },
    {
      title: input.signerTitle.toLocaleUpperCase('vi'),
      hint: '(Ký, ghi rõ họ tên và đóng dấu)',
      name: input.signerName ?? null,
    },
  ]);
  return w.save();
}
