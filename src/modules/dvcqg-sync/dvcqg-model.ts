import { DOSSIER_STATUSES, type DossierStatus, DVCQG_STATUS_BY_STATUS } from '../dossiers/dossier-model.ts';

/**
 * The national public-service portal's (DVCQG) vocabulary for one-stop dossiers, as the provincial one-stop systems
 * send it (reference §2.3): the services, the record fields, the status codes and the date format. Pure data.
 */

export const DVCQG_SERVICES = ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'] as const;
export type DvcqgService = (typeof DVCQG_SERVICES)[number];

/** TrangThaiHoSo: 1, 2, 3 and 10 are confirmed in public code; 4–9 are the commonly used meanings (UNCONFIRMED). */
export const TRANG_THAI_HO_SO = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
} as const;
export type TrangThaiHoSo = keyof typeof TRANG_THAI_HO_SO;

/**
 * Our dossier statuses and the portal code each maps to: one table, kept with the dossier model (where every status
 * is defined, so the compiler catches a status without a code), re-exported here under the sync's names.
 */
export const SYNC_STATUSES = DOSSIER_STATUSES;
export type SyncStatus = DossierStatus;
export const TRANG_THAI_BY_STATUS: Readonly<Record<SyncStatus, TrangThaiHoSo>> = DVCQG_STATUS_BY_STATUS;

/** LoaiDoiTuong: 1 citizen, 2 business. */
export const LOAI_DOI_TUONG = { citizen: '1', business: '2' } as const;

/** HinhThuc (how the result is returned): 0 at the desk or online, 1 by post. */
export const HINH_THUC_BY_RETURN_METHOD = { counter: '0', online: '0', post: '1' } as const;

/** LoaiPhiLePhi: 1 fee (phí), 2 charge (lệ phí). UNCONFIRMED: no public code list found. */
export const LOAI_PHI_LE_PHI = { fee: '1', charge: '2' } as const;

/** `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh (UTC+07:00, no daylight saving); empty when there is no date, as the portal expects. */
export function dvcqgDate(at: Date | null | undefined): string {
  if (!at) return '';
  const local = new Date(at.getTime() + 7 * 60 * 60 * 1000);
  return local.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** One file of the dossier as the portal lists it. */
export type TaiLieu = {
  TepDinhKemId: string;
  TenTepDinhKem: string;
  IsDeleted: 'True' | 'False';
  MaThanhPhanHoSo: string;
  DuongDanTaiTepTin: string;
};

export type LePhi = { TenPhiLePhi: string; MaPhiLePhi: string; HinhThucThu: string; Gia: string; LoaiPhiLePhi: string };

export type HoSoBoSung = {
  HoSoBoSungId: string;
  NguoiYeuCauBoSung: string;
  NoiDungBoSung: string;
  NgayBoSung: string;
  NgayTiepNhanBoSung: string;
  TrangThaiBoSung: string;
  NgayHenTraTruoc: string;
  NgayHenTraMoi: string;
};

export type GiayToKetQua = {
  TenGiayTo: string;
  MaThanhPhanHoSo: string;
  GiayToId: string;
  DuongDanTepTinKetQua: string;
};

/** The dossier record of DongBoHoSoMC (create or update), field names exactly as the portal defines them. */
export type DongBoHoSoMCRecord = {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  SoBienNhan: string;
  ChuHoSo: string;
  LoaiDoiTuong: string;
  MaDoiTuong: string;
  ThongTinKhac: string;
  Email: string;
  Fax: string;
  SoDienThoai: string;
  TrichYeuHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: string;
  NgayTra: string;
  ThongTinTra: string;
  HinhThuc: string;
  NgayKetThucXuLy: string;
  DonViXuLy: string;
  GhiChu: string;
  TaiLieuNop: TaiLieu[];
  DanhSachLePhi: LePhi[];
  DanhSachTepDinhKemKhac: TaiLieu[];
  DanhSachHoSoBoSung: HoSoBoSung[];
  DanhSachGiayToKetQua: GiayToKetQua[];
};

/** The progress entry of CapNhatTienDoHoSoMC. */
export type CapNhatTienDoHoSoMCRecord = {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: string;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
};

/** A call as stored in the outbox; the worker adds `session` and `madonvi` when it sends it. */
export type DvcqgCall =
  | { service: 'DongBoHoSoMC'; isUpdating: 'True' | 'False'; data: [DongBoHoSoMCRecord] }
  | { service: 'CapNhatTienDoHoSoMC'; data: [CapNhatTienDoHoSoMCRecord] };
