/**
 * What the one-stop forms print, as narrow plain inputs: the forms know nothing of the dossier tables, so the
 * dossier module (or anything else) fills these from whatever shape it has. Times are instants; the forms print
 * them in Asia/Ho_Chi_Minh.
 */

/** The body issuing the form: the header's two lines and the place of the date line. */
export type IssuingAgency = {
  /** The body it belongs to, e.g. `UBND PHƯỜNG LÀO CAI`; null when it stands alone. Printed in capitals. */
  parentName: string | null;
  /** The issuing desk or agency, e.g. `Bộ phận Một cửa`. Printed in bold capitals. */
  name: string;
  /** Place of the date line, e.g. `Lào Cai`. */
  place: string;
  phone?: string | null;
  address?: string | null;
};

export type FormApplicant = {
  fullName: string;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  personalId?: string | null;
  taxCode?: string | null;
};

/** A legal processing time: whole working days, or working hours. */
export type LegalDeadline = { workingDays: number } | { workingHours: number };

/** Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01). */
export type ReceiptInput = {
  agency: IssuingAgency;
  dossierCode: string;
  applicant: FormApplicant;
  /** The dossier owner when the applicant acts for someone else. */
  onBehalfOf?: { fullName: string; relation?: string | null } | null;
  procedureName: string;
  /** The components received, with how many originals and copies (as the procedure asks). */
  components: { name: string; originals: number; copies: number; note?: string | null }[];
  /** Sets of the dossier received (one, nearly always). */
  sets?: number;
  deadline?: LegalDeadline | null;
  /** Fees and charges in integer VND, and whether each was paid at reception. */
  fees: { name: string; amount: number; paid: boolean }[];
  receivedAt: Date;
  /** The appointment for the result. */
  dueAt: Date;
  /** Where the result is collected (or how it is sent). */
  resultPickup: string;
  officerName: string;
  /** Public lookup address of the dossier (see `lookupUrl`); encoded in the QR code. */
  lookupUrl: string;
};

/** Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02). */
export type SupplementRequestInput = {
  agency: IssuingAgency;
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  /** When the dossier was handed in (or submitted online). */
  receivedAt: Date;
  requestedAt: Date;
  /** Everything to add or correct, asked for at once. */
  items: string[];
  reason?: string | null;
  officerName: string;
  /** Where to ask for guidance (the desk's phone). */
  contactPhone?: string | null;
  lookupUrl: string;
};

/** Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04). */
export type ApologyInput = {
  agency: IssuingAgency;
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  previousDueAt: Date;
  newDueAt: Date;
  reason: string;
  issuedAt: Date;
  /** Who signs for the agency, e.g. `CHỦ TỊCH`, and their name when known. */
  signerTitle: string;
  signerName?: string | null;
  lookupUrl: string;
};

/** Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03). */
export type RefusalInput = {
  agency: IssuingAgency;
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  /** When the dossier was handed in or submitted online. */
  submittedAt: Date;
  refusedAt: Date;
  /** Why it cannot be received, each reason on its own line. */
  reasons: string[];
  officerName: string;
  lookupUrl: string;
};

/** How a step ended against its due time, as the control sheet records it. */
export type HandoffOutcome = 'early' | 'on_time' | 'late';

/** One hand-over of the dossier: who gave it, who took it, when, and whether the step that ended was on time. */
export type Handoff = {
  at: Date;
  /** The giving body and officer, e.g. `Bộ phận Một cửa — Nguyễn Thị Mai`. */
  from: string;
  to: string;
  /** What happened, e.g. `Chuyển xử lý`. */
  what: string;
  /** Null when the step had no due time (reception, or a step without its own time). */
  outcome: HandoffOutcome | null;
};

/** Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05): travels with the dossier and logs every hand-over. */
export type ControlSheetInput = {
  agency: IssuingAgency;
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  dueAt: Date;
  handoffs: Handoff[];
  printedAt: Date;
  lookupUrl: string;
};

/** The public lookup page of a dossier: `${publicUrl}/tra-cuu/<code>`, what the QR code on every form opens. */
export function lookupUrl(publicUrl: string, dossierCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/tra-cuu/${encodeURIComponent(dossierCode)}`;
}
