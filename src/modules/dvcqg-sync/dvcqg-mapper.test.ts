import { describe, expect, it } from 'vitest';
import { type SyncAction, type SyncSnapshot, callsForAction, toCapNhatTienDo, toDongBoHoSo } from './dvcqg-mapper.ts';
import { SYNC_STATUSES, TRANG_THAI_BY_STATUS, TRANG_THAI_HO_SO, dvcqgDate } from './dvcqg-model.ts';

const snapshot: SyncSnapshot = {
  code: '000.00.50.H38-260302-0001',
  procedure: { code: '1.001193.000.00.00.H38', name: 'Đăng ký khai sinh', fieldCode: 'HT', fieldName: 'Hộ tịch' },
  applicant: {
    kind: 'citizen',
    fullName: 'Lò Thị Mai',
    personalId: '010190001111',
    taxCode: null,
    email: 'lothimai@example.vn',
    phone: '0912345678',
    address: 'Phường Lào Cai',
  },
  ownerName: 'Lò Văn Nam',
  status: 'received',
  receivedAt: new Date('2026-03-02T09:00:00+07:00'),
  dueAt: new Date('2026-03-02T15:00:00+07:00'),
  completedAt: null,
  returnedAt: null,
  returnMethod: null,
  resultNumber: null,
  processingUnitName: 'Bộ phận Một cửa Phường Lào Cai',
  note: null,
  files: [
    { id: 'f1', name: 'to-khai.pdf', componentCode: 'to-khai', kind: 'submission', url: 'https://x/f1' },
    { id: 'f2', name: 'giay-khai-sinh.pdf', componentCode: null, kind: 'result', url: 'https://x/f2' },
  ],
  fees: [{ code: 'LP01', name: 'Lệ phí', kind: 'charge', amount: 8000, paid: true }],
  supplements: [
    {
      id: 's2',
      requestedBy: 'Nguyễn Thị Hoa',
      items: ['Giấy chứng sinh', 'Quê quán'],
      requestedAt: new Date('2026-03-02T08:20:00+07:00'),
      suppliedAt: new Date('2026-03-02T08:40:00+07:00'),
      previousDueAt: null,
      newDueAt: null,
    },
  ],
};

const accepted: SyncAction = {
  seq: 4,
  description: 'Tiếp nhận hồ sơ',
  at: new Date('2026-03-02T09:00:00+07:00'),
  actorName: 'Nguyễn Thị Hoa',
  actorTitle: 'Cán bộ một cửa',
  unitName: 'Phường Lào Cai',
  status: 'received',
  stepStartedAt: new Date('2026-03-02T09:00:00+07:00'),
  stepDueAt: new Date('2026-03-02T10:00:00+07:00'),
};

describe('the DVCQG mapping', () => {
  it('writes dates as yyyyMMddHHmmss in Asia/Ho_Chi_Minh, across the UTC day boundary', () => {
    expect(dvcqgDate(new Date('2026-03-01T17:05:09Z'))).toBe('20260302000509');
    expect(dvcqgDate(null)).toBe('');
  });

  it('maps every status to a TrangThaiHoSo code between 1 and 10, as data', () => {
    for (const status of SYNC_STATUSES) {
      expect(Object.keys(TRANG_THAI_HO_SO).map(Number)).toContain(TRANG_THAI_BY_STATUS[status]);
    }
    expect(TRANG_THAI_BY_STATUS.submitted).toBe(1);
    expect(TRANG_THAI_BY_STATUS.received).toBe(2);
    expect(TRANG_THAI_BY_STATUS.refused).toBe(3);
    expect(TRANG_THAI_BY_STATUS.returned).toBe(10);
  });

  it('fills the DongBoHoSoMC record with the portal field names', () => {
    const record = toDongBoHoSo(snapshot);
    expect(record).toMatchObject({
      MaHoSo: snapshot.code,
      MaTTHC: '1.001193.000.00.00.H38',
      TenTTHC: 'Đăng ký khai sinh',
      MaLinhVuc: 'HT',
      ChuHoSo: 'Lò Văn Nam',
      LoaiDoiTuong: '1',
      MaDoiTuong: '010190001111',
      NgayTiepNhan: '20260302090000',
      NgayHenTra: '20260302150000',
      TrangThaiHoSo: '2',
      NgayTra: '',
      HinhThuc: '0',
      DonViXuLy: 'Bộ phận Một cửa Phường Lào Cai',
    });
    expect(record.TaiLieuNop).toEqual([
      {
        TepDinhKemId: 'f1',
        TenTepDinhKem: 'to-khai.pdf',
        IsDeleted: 'False',
        MaThanhPhanHoSo: 'to-khai',
        DuongDanTaiTepTin: 'https://x/f1',
      },
    ]);
    expect(record.DanhSachGiayToKetQua).toEqual([
      { TenGiayTo: 'giay-khai-sinh.pdf', MaThanhPhanHoSo: '', GiayToId: 'f2', DuongDanTepTinKetQua: 'https://x/f2' },
    ]);
    expect(record.DanhSachLePhi).toEqual([
      { TenPhiLePhi: 'Lệ phí', MaPhiLePhi: 'LP01', HinhThucThu: '1', Gia: '8000', LoaiPhiLePhi: '2' },
    ]);
    expect(record.DanhSachHoSoBoSung[0]).toMatchObject({
      NoiDungBoSung: 'Giấy chứng sinh; Quê quán',
      NgayBoSung: '20260302082000',
      TrangThaiBoSung: '1',
    });
    expect(
      toDongBoHoSo({
        ...snapshot,
        applicant: { ...snapshot.applicant, kind: 'business', taxCode: '5300100100' },
        returnMethod: 'post',
      }),
    ).toMatchObject({
      LoaiDoiTuong: '2',
      MaDoiTuong: '5300100100',
      HinhThuc: '1',
    });
  });

  it('fills the CapNhatTienDoHoSoMC entry and orders the two calls, creating first and updating after', () => {
    expect(toCapNhatTienDo(snapshot, accepted)).toEqual({
      MaHoSo: snapshot.code,
      NguoiXuLy: 'Nguyễn Thị Hoa',
      ChucDanh: 'Cán bộ một cửa',
      ThoiDiemXuLy: '20260302090000',
      PhongBanXuLy: 'Phường Lào Cai',
      NoiDungXuLy: 'Tiếp nhận hồ sơ',
      TrangThai: '2',
      NgayBatDau: '20260302090000',
      NgayKetThucTheoQuyDinh: '20260302100000',
    });
    const [first, second] = callsForAction(snapshot, { ...accepted, seq: 1 });
    expect(first).toMatchObject({ service: 'DongBoHoSoMC', isUpdating: 'False' });
    expect(second.service).toBe('CapNhatTienDoHoSoMC');
    expect(callsForAction(snapshot, accepted)[0]).toMatchObject({ isUpdating: 'True' });
  });
});
