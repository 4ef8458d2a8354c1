import { agencyOfKind, createStaff, headersFor, ok, pdfUpload } from '../dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../dossiers/dossiers.schema.ts';
import { type PaymentWorld, createPaymentWorld } from '../payments/payments.fixtures.ts';

/**
 * Test helpers of the applicant's pages and services (not a test file): the payment world (platform listening on
 * a port, the bank stand-in, two citizens, the ward's desk) plus the ward's specialist and leader, so a dossier can
 * be taken through the API all the way to its result handed over.
 */

export type ApplicantWorld = PaymentWorld & {
  specialist: Record<string, string>;
  leader: Record<string, string>;
};

export async function createApplicantWorld(): Promise<ApplicantWorld> {
  const w = await createPaymentWorld();
  const committee = await agencyOfKind(w.db, w.wardId, 'people_committee');
  const specialistId = await createStaff(w.db, {
    username: 'cv.hotich.plc',
    unitId: w.wardId,
    agencyId: committee.id,
    role: 'specialist',
  });
  const leaderId = await createStaff(w.db, {
    username: 'ld.plc',
    unitId: w.wardId,
    agencyId: committee.id,
    role: 'leader',
  });
  // The gateway sends the browser back to the citizen's page, as configured outside tests.
  w.t.app.platform.config.vnpay.returnUrl = `${w.baseUrl}/thanh-toan/ket-qua`;
  return {
    ...w,
    specialist: await headersFor(w.t.app, w.db, specialistId),
    leader: await headersFor(w.t.app, w.db, leaderId),
  };
}

/**
 * Staff take the dossier through the ward's workflow to the result handed over: accept, desk → specialist →
 * leader's approval, the result registered with `resultFile`, returned at the counter.
 */
export async function processToReturned(
  w: ApplicantWorld,
  dossier: TDossierDetail,
  resultFile = pdfUpload('ket-qua.pdf', 'giấy xác nhận'),
): Promise<TDossierDetail> {
  let d = dossier;
  if (d.status === 'submitted') d = await w.api.step(w.desk, d, { action: 'accept' });
  d = await w.api.step(w.desk, d, { action: 'forward' });
  d = await w.api.step(w.specialist, d, { action: 'forward', note: 'Nội bộ: đề nghị ký.' });
  d = await w.api.step(w.leader, d, { action: 'approve' });
  d = await w.api.step(w.desk, d, { action: 'register_result', resultNumber: '15/2026/XNHN', files: [resultFile] });
  d = await w.api.step(w.desk, d, { action: 'return_result', method: 'online' });
  return ok(await w.api.get(w.citizen, d.id));
}
