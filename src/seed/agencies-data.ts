/**
 * The provincial agencies of the demo tenant (Lào Cai after the 2025 reorganisation). Electronic identifier codes
 * follow the `000.00.NN.H38` pattern seen on Lào Cai's portal; the exact numbers are demo values (reference §1.7
 * marks the level structure UNCONFIRMED), so real deployments import their own code list.
 */
export const PROVINCIAL_AGENCIES = [
  { key: 'ubnd', code: '000.00.00.H38', kind: 'people_committee', name: 'Ủy ban nhân dân tỉnh Lào Cai' },
  { key: 'vp-ubnd', code: '000.00.01.H38', kind: 'office', name: 'Văn phòng Ủy ban nhân dân tỉnh Lào Cai' },
  { key: 'noi-vu', code: '000.00.02.H38', kind: 'department', name: 'Sở Nội vụ tỉnh Lào Cai' },
  { key: 'tu-phap', code: '000.00.03.H38', kind: 'department', name: 'Sở Tư pháp tỉnh Lào Cai' },
  { key: 'tai-chinh', code: '000.00.04.H38', kind: 'department', name: 'Sở Tài chính tỉnh Lào Cai' },
  { key: 'cong-thuong', code: '000.00.05.H38', kind: 'department', name: 'Sở Công Thương tỉnh Lào Cai' },
  { key: 'nn-mt', code: '000.00.06.H38', kind: 'department', name: 'Sở Nông nghiệp và Môi trường tỉnh Lào Cai' },
  // A public-service unit of the department with branches across the province; land registrations run through it.
  { key: 'vpdkdd', code: '000.01.06.H38', kind: 'other', name: 'Văn phòng Đăng ký đất đai tỉnh Lào Cai' },
  { key: 'xay-dung', code: '000.00.07.H38', kind: 'department', name: 'Sở Xây dựng tỉnh Lào Cai' },
  { key: 'kh-cn', code: '000.00.08.H38', kind: 'department', name: 'Sở Khoa học và Công nghệ tỉnh Lào Cai' },
  { key: 'gd-dt', code: '000.00.09.H38', kind: 'department', name: 'Sở Giáo dục và Đào tạo tỉnh Lào Cai' },
  { key: 'y-te', code: '000.00.10.H38', kind: 'department', name: 'Sở Y tế tỉnh Lào Cai' },
  { key: 'vh-tt-dl', code: '000.00.11.H38', kind: 'department', name: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Lào Cai' },
  { key: 'dt-tg', code: '000.00.12.H38', kind: 'department', name: 'Sở Dân tộc và Tôn giáo tỉnh Lào Cai' },
  { key: 'thanh-tra', code: '000.00.13.H38', kind: 'department', name: 'Thanh tra tỉnh Lào Cai' },
  { key: 'ttpvhcc', code: '000.00.30.H38', kind: 'public_service_center', name: 'Trung tâm Phục vụ hành chính công tỉnh Lào Cai' },
] as const;

/** Demo code of a commune's People's Committee (n = 1…99 in code order) and of its one-stop centre. */
export function communeAgencyCodes(n: number): { committee: string; oneStop: string } {
  const nn = String(n).padStart(2, '0');
  return { committee: `000.${nn}.50.H38`, oneStop: `001.${nn}.50.H38` };
}
