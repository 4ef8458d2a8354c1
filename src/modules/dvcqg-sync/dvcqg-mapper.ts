import {
  type CapNhatTienDoHoSoMCRecord,
  type DongBoHoSoMCRecord,
  type DvcqgCall,
  HINH_THUC_BY_RETURN_METHOD,
  LOAI_DOI_TUONG,
  LOAI_PHI_LE_PHI,
  type SyncStatus,
  TRANG_THAI_BY_STATUS,
  dvcqgDate,
} from './dvcqg-model.ts';

/**
 * Turns a dossier snapshot and the action that produced it into the portal's two calls. Pure: the snapshot is a
 * plain value the dossier module fills at the change, so the mapping can be tested without a database and does not
 * depend on the dossier tables.
 */

/** The dossier as the portal needs it, right after an action. */
export type SyncSnapshot = {
  code: string;
  procedure: { code: string; name: string; fieldCode: string | null; fieldName: string | null };
  applicant: {
    kind: 'citizen' | 'business';
    fullName: string;
    personalId: string | null;
    taxCode: string | null;
    email: string | null;
    phone: string | null;
    address: string | null;
  };
  /** The dossier owner when the applicant acted for someone else. */
  ownerName: string | null;
  status: SyncStatus;
  receivedAt: Date | null;
  dueAt: Date | null;
  completedAt: Date | null;
  returnedAt: Date | null;
  returnMethod: 'counter' | 'post' | 'online' | null;
  resultNumber: string | null;
  /** The unit or agency handling it now (DonViXuLy). */
  processingUnitName: string;
  note: string | null;
  files: {
    id: string;
    name: string;
    componentCode: string | null;
    kind: 'submission' | 'supplement' | 'result';
    url: string;
  }[];
  fees: { code: string; name: string; kind: 'fee' | 'charge'; amount: number; paid: boolean }[];
  supplements: {
    id: string;
    requestedBy: string | null;
    items: string[];
    requestedAt: Date;
    suppliedAt: Date | null;
    previousDueAt: Date | null;
    newDueAt: Date | null;
  }[];
};

/** One action of the dossier's log, as the progress entry reports it. */
export type SyncAction = {
  seq: number;
  /** What was done, in words (NoiDungXuLy), e.g. `Tiếp nhận hồ sơ`, with the actor's note. */
  description: string;
  at: Date;
  actorName: string | null;
  actorTitle: string | null;
  unitName: string | null;
  status: SyncStatus;
  /** When the current step began and when it is due by rule. */
  stepStartedAt: Date | null;
  stepDueAt: Date | null;
};

/** The TrangThaiHoSo code of a status, as the string the portal takes. */
export function trangThai(status: SyncStatus): string {
  return String(TRANG_THAI_BY_STATUS[status]);
}

/** The DongBoHoSoMC record of the dossier after the action. */
export function toDongBoHoSo(s: SyncSnapshot): DongBoHoSoMCRecord {
  const a = s.applicant;
  return {
    MaHoSo: s.code,
    MaTTHC: s.procedure.code,
    TenTTHC: s.procedure.name,
    MaLinhVuc: s.procedure.fieldCode ?? '',
    TenLinhVuc: s.procedure.fieldName ?? '',
    // Our receipts are numbered by the dossier code itself.
    SoBienNhan: s.code,
    ChuHoSo: s.ownerName ?? a.fullName,
    LoaiDoiTuong: LOAI_DOI_TUONG[a.kind],
    MaDoiTuong: (a.kind === 'business' ? a.taxCode : a.personalId) ?? '',
    ThongTinKhac: a.address ?? '',
    Email: a.email ?? '',
    Fax: '',
    SoDienThoai: a.phone ?? '',
    TrichYeuHoSo: `${s.procedure.name} - ${s.ownerName ?? a.fullName}`,
    NgayTiepNhan: dvcqgDate(s.receivedAt),
    NgayHenTra: dvcqgDate(s.dueAt),
    TrangThaiHoSo: trangThai(s.status),
    NgayTra: dvcqgDate(s.returnedAt),
    ThongTinTra: s.resultNumber ? `Kết quả số ${s.resultNumber}` : '',
    HinhThuc: s.returnMethod ? HINH_THUC_BY_RETURN_METHOD[s.returnMethod] : '0',
    NgayKetThucXuLy: dvcqgDate(s.completedAt),
    DonViXuLy: s.processingUnitName,
    GhiChu: s.note ?? '',
    TaiLieuNop: s.files
      .filter((f) => f.kind !== 'result')
      .map((f) => ({
        TepDinhKemId: f.id,
        TenTepDinhKem: f.name,
        IsDeleted: 'False' as const,
        MaThanhPhanHoSo: f.componentCode ?? '',
        DuongDanTaiTepTin: f.url,
      })),
    DanhSachLePhi: s.fees.map((f) => ({
      TenPhiLePhi: f.name,
      MaPhiLePhi: f.code,
      // 1 = paid at the desk; empty while unpaid (online payment will add its own code).
      HinhThucThu: f.paid ? '1' : '',
      Gia: String(f.amount),
      LoaiPhiLePhi: LOAI_PHI_LE_PHI[f.kind],
    })),
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: s.supplements.map((b) => ({
      HoSoBoSungId: b.id,
      NguoiYeuCauBoSung: b.requestedBy ?? '',
      NoiDungBoSung: b.items.join('; '),
      NgayBoSung: dvcqgDate(b.requestedAt),
      NgayTiepNhanBoSung: dvcqgDate(b.suppliedAt),
      TrangThaiBoSung: b.suppliedAt ? '1' : '0',
      NgayHenTraTruoc: dvcqgDate(b.previousDueAt),
      NgayHenTraMoi: dvcqgDate(b.newDueAt),
    })),
    DanhSachGiayToKetQua: s.files
      .filter((f) => f.kind === 'result')
      .map((f) => ({
        TenGiayTo: f.name,
        MaThanhPhanHoSo: f.componentCode ?? '',
        GiayToId: f.id,
        DuongDanTepTinKetQua: f.url,
      })),
  };
}

/** The CapNhatTienDoHoSoMC entry of the action. */
export function toCapNhatTienDo(s: SyncSnapshot, action: SyncAction): CapNhatTienDoHoSoMCRecord {
  return {
    MaHoSo: s.code,
    NguoiXuLy: action.actorName ?? '',
    ChucDanh: action.actorTitle ?? '',
    ThoiDiemXuLy: dvcqgDate(action.at),
    PhongBanXuLy: action.unitName ?? '',
    NoiDungXuLy: action.description,
    TrangThai: trangThai(action.status),
    NgayBatDau: dvcqgDate(action.stepStartedAt),
    NgayKetThucTheoQuyDinh: dvcqgDate(action.stepDueAt),
  };
}

/**
 * The calls one action causes, in the order they must reach the portal: the dossier record (a create for the first
 * action, an update after), then the progress entry.
 */
export function callsForAction(snapshot: SyncSnapshot, action: SyncAction): [DvcqgCall, DvcqgCall] {
  return [
    { service: 'DongBoHoSoMC', isUpdating: action.seq > 1 ? 'True' : 'False', data: [toDongBoHoSo(snapshot)] },
    { service: 'CapNhatTienDoHoSoMC', data: [toCapNhatTienDo(snapshot, action)] },
  ];
}
