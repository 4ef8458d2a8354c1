import { FormWriter } from '../dossiers-print/pdf-form.ts';
import { signatures, title } from '../dossiers-print/form-parts.ts';

/**
 * Blank declaration forms for the demo tenant, drawn with the printed forms' layout engine so they carry the same
 * embedded Vietnamese font. They follow the civil-status declarations (tờ khai) in use at communes, rebuilt from
 * their published layout; each says so in its foot, and an administrator replaces it with the official file through
 * PUT /api/v1/procedures/:id/templates/:fileName.
 */

const REBUILT =
  'Mẫu dựng lại cho dữ liệu minh hoạ của Chính quyền số; cơ quan thay bằng tệp mẫu chính thức khi triển khai.';

/** A label followed by dots to the end of the line, where the applicant writes by hand. */
function blank(w: FormWriter, label: string, options: { x?: number; width?: number } = {}): void {
  const width = options.width ?? w.contentWidth - (options.x ?? 0);
  let dots = 4;
  while (w.wrap(`${label} ${'.'.repeat(dots + 4)}`, 'regular', w.baseSize, width).length === 1) {
    dots += 4;
  }
  w.paragraph(`${label} ${'.'.repeat(dots)}`, { ...options, after: 3 });
}

function motto(w: FormWriter): void {
  w.paragraph('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { style: 'bold', align: 'center' });
  w.paragraph('Độc lập - Tự do - Hạnh phúc', { style: 'bold', align: 'center' });
  w.rule(w.contentWidth / 2 - 80, 160, 160);
  w.space(16);
}

function requester(w: FormWriter, relation: string): void {
  blank(w, 'Kính gửi: (1)');
  blank(w, 'Họ, chữ đệm, tên người yêu cầu:');
  blank(w, 'Nơi cư trú: (2)');
  blank(w, 'Giấy tờ tùy thân: (3)');
  blank(w, `Quan hệ với ${relation}:`);
}

function pledge(w: FormWriter, what: string): void {
  w.space(4);
  w.paragraph(
    `Tôi cam đoan nội dung đề nghị ${what} trên đây là đúng sự thật và chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.`,
    { align: 'justify', indent: 24, after: 6 },
  );
  w.paragraph('Làm tại: ......................., ngày ....... tháng ....... năm ..........', {
    style: 'italic',
    align: 'right',
  });
}

function footnotes(w: FormWriter, notes: string[]): void {
  w.space(10);
  w.paragraph('Chú thích:', { style: 'bold', size: w.baseSize - 2 });
  for (const note of notes) {
    w.paragraph(note, { size: w.baseSize - 2, align: 'justify' });
  }
  w.space(6);
  w.paragraph(REBUILT, { style: 'italic', size: w.baseSize - 3 });
}

const COMMON_NOTES = [
  '(1) Tên cơ quan đăng ký hộ tịch (Ủy ban nhân dân xã, phường).',
  '(2) Nơi thường trú; không có nơi thường trú thì nơi tạm trú; không có cả hai thì nơi đang sinh sống.',
  '(3) Loại giấy tờ tùy thân (thẻ căn cước, hộ chiếu…), số, cơ quan cấp, ngày cấp.',
];

async function birthDeclaration(): Promise<Uint8Array> {
  const w = await FormWriter.create({ title: 'Tờ khai đăng ký khai sinh', baseSize: 12 });
  motto(w);
  title(w, 'TỜ KHAI ĐĂNG KÝ KHAI SINH');
  requester(w, 'người được khai sinh');
  w.paragraph('Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:', { style: 'bold', after: 4 });
  blank(w, 'Họ, chữ đệm, tên:');
  blank(w, 'Ngày, tháng, năm sinh: ........................ ghi bằng chữ:');
  blank(w, 'Giới tính: .................. Dân tộc: .................. Quốc tịch:');
  blank(w, 'Nơi sinh: (4)');
  blank(w, 'Quê quán:');
  for (const parent of ['mẹ', 'cha']) {
    blank(w, `Họ, chữ đệm, tên người ${parent}:`);
    blank(w, 'Năm sinh: (5) .................. Dân tộc: .................. Quốc tịch:');
    blank(w, 'Nơi cư trú: (2)');
  }
  pledge(w, 'đăng ký khai sinh');
  w.paragraph('Đề nghị cấp bản sao: Có [  ]  Không [  ]   Số lượng: ......... bản', { after: 2 });
  signatures(w, [
    { title: '', hint: '' },
    { title: 'Người yêu cầu', hint: '(Ký, ghi rõ họ, chữ đệm, tên)' },
  ]);
  footnotes(w, [
    ...COMMON_NOTES,
    '(4) Nơi sinh: tên cơ sở y tế, hoặc xã, tỉnh nơi sinh.',
    '(5) Ghi năm sinh khi không rõ ngày, tháng sinh.',
  ]);
  return w.save();
}

async function marriageDeclaration(): Promise<Uint8Array> {
  const w = await FormWriter.create({ title: 'Tờ khai đăng ký kết hôn', baseSize: 12 });
  motto(w);
  title(w, 'TỜ KHAI ĐĂNG KÝ KẾT HÔN');
  blank(w, 'Kính gửi: (1)');
  const rows = [
    'Họ, chữ đệm, tên',
    'Ngày, tháng, năm sinh',
    'Dân tộc',
    'Quốc tịch',
    'Nơi cư trú (2)',
    'Giấy tờ tùy thân (3)',
    'Kết hôn lần thứ mấy',
  ].map((label) => [label, '\n', '\n']);
  w.table(
    [
      { header: 'Thông tin', width: w.contentWidth * 0.3 },
      { header: 'Bên nữ', width: w.contentWidth * 0.35 },
      { header: 'Bên nam', width: w.contentWidth * 0.35 },
    ],
    rows,
  );
  w.space(6);
  w.paragraph(
    'Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình, và chịu trách nhiệm trước pháp luật về lời cam đoan của mình.',
    { align: 'justify', indent: 24, after: 6 },
  );
  w.paragraph('Làm tại: ......................., ngày ....... tháng ....... năm ..........', {
    style: 'italic',
    align: 'right',
  });
  signatures(w, [
    { title: 'Bên nữ', hint: '(Ký, ghi rõ họ, chữ đệm, tên)' },
    { title: 'Bên nam', hint: '(Ký, ghi rõ họ, chữ đệm, tên)' },
  ]);
  footnotes(w, COMMON_NOTES);
  return w.save();
}

async function deathDeclaration(): Promise<Uint8Array> {
  const w = await FormWriter.create({ title: 'Tờ khai đăng ký khai tử', baseSize: 12 });
  motto(w);
  title(w, 'TỜ KHAI ĐĂNG KÝ KHAI TỬ');
  requester(w, 'người đã chết');
  w.paragraph('Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:', { style: 'bold', after: 4 });
  blank(w, 'Họ, chữ đệm, tên:');
  blank(w, 'Ngày, tháng, năm sinh:');
  blank(w, 'Giới tính: .................. Dân tộc: .................. Quốc tịch:');
  blank(w, 'Nơi cư trú cuối cùng: (2)');
  blank(w, 'Giấy tờ tùy thân: (3)');
  blank(w, 'Đã chết vào lúc: ...... giờ ...... phút, ngày ...... tháng ...... năm');
  blank(w, 'Nơi chết:');
  blank(w, 'Nguyên nhân chết:');
  blank(w, 'Số Giấy báo tử hoặc giấy tờ thay thế: (4)');
  pledge(w, 'đăng ký khai tử');
  signatures(w, [
    { title: '', hint: '' },
    { title: 'Người yêu cầu', hint: '(Ký, ghi rõ họ, chữ đệm, tên)' },
  ]);
  footnotes(w, [...COMMON_NOTES, '(4) Ghi cả tên cơ quan cấp và ngày cấp giấy.']);
  return w.save();
}

/** The demo templates by the names the seeded procedures give them. */
export const DEMO_TEMPLATES: Record<string, () => Promise<Uint8Array>> = {
  'to-khai-dang-ky-khai-sinh.pdf': birthDeclaration,
  'to-khai-dang-ky-ket-hon.pdf': marriageDeclaration,
  'to-khai-dang-ky-khai-tu.pdf': deathDeclaration,
};
