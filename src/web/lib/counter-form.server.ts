import { redirect } from 'react-router';
import type { TComponent, TFee } from '../../modules/procedures/procedures.schema.ts';
import { ERROR_CODES, isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { issuePaths, textOf, uploadsOf } from './dossier-forms.server.ts';
import type { FormState } from './forms.ts';
import { signInUrl } from './guards.server.ts';

/** The counter form (multipart): applicant fields, per component `files:<code>` and `paper:<code>`, `feesPaid`. */

const TEXT_FIELDS = [
  'kind',
  'fullName',
  'personalId',
  'taxCode',
  'phone',
  'email',
  'address',
  'note',
  'applicantUserId',
] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The counter form as the API's body. Components are sent in the procedure's order, only those handed in (files
 * or paper); the fees are the procedure's own, shown to the applicant on the form.
 * @returns the body, the input to show again, and the code of each component sent (to place file errors)
 */
export async function counterBodyOf(formData: FormData, components: readonly TComponent[], fees: readonly TFee[]) {
  const values: Record<string, string> = {};
  for (const name of TEXT_FIELDS) {
    const value = formData.get(name);
    values[name] = typeof value === 'string' ? value : '';
  }
  values.feesPaid = formData.get('feesPaid') === 'true' ? 'true' : '';
  const sent: { code: string; files: Awaited<ReturnType<typeof uploadsOf>>; paper: boolean }[] = [];
  for (const component of components) {
    const paper = formData.get(`paper:${component.code}`) === 'true';
    if (paper) values[`paper:${component.code}`] = 'true';
    const files = await uploadsOf(formData, `files:${component.code}`);
    if (paper || files.length > 0) sent.push({ code: component.code, files, paper });
  }
  const applicant: Record<string, string> = { kind: values.kind === 'business' ? 'business' : 'citizen' };
  for (const name of ['fullName', 'personalId', 'taxCode', 'phone', 'email', 'address'] as const) {
    const text = textOf(formData, name);
    if (text !== undefined) applicant[name] = text;
  }
  const note = textOf(formData, 'note');
  return {
    body: {
      procedureId: String(formData.get('procedureId') ?? ''),
      receivingUnitId: String(formData.get('receivingUnitId') ?? ''),
      applicant,
      components: sent,
      fees: fees.map((f) => ({ code: f.code, amount: f.amount })),
      feesPaid: values.feesPaid === 'true',
      ...(note ? { note } : {}),
      // The account found at the counter; a tampered value is refused by the service (not the applicant's).
      ...(UUID.test(values.applicantUserId ?? '') ? { applicantUserId: values.applicantUserId } : {}),
    },
    values,
    componentCodes: sent.map((c) => c.code),
  };
}

const APPLICANT_MESSAGES: Record<string, MessageKey> = {
  fullName: 'web.oneStop.receive.fullNameError',
  personalId: 'web.oneStop.receive.personalIdError',
  taxCode: 'web.oneStop.receive.taxCodeError',
  phone: 'web.oneStop.receive.phoneError',
  email: 'web.oneStop.receive.emailError',
  address: 'web.oneStop.receive.addressError',
};

/**
 * A refused reception as the form's answer: applicant problems by their fields, a bad file by its component, a
 * missing required component on the components, changed fees and other refusals above the form.
 */
export function refusedCounter(
  error: unknown,
  request: Request,
  values: Record<string, string>,
  componentCodes: readonly string[],
): { status: number; state: FormState } {
  if (!isAppError(error)) throw error;
  if (error.code === 'UNAUTHENTICATED') throw redirect(signInUrl(request));
  const status = ERROR_CODES[error.code].status;
  const errors: Record<string, MessageKey> = {};
  let formError: FormState['formError'];
  for (const path of issuePaths(error)) {
    const [head, index, ...rest] = path.split('.');
    if (head === 'applicant' && index && APPLICANT_MESSAGES[index]) {
      errors[index] = APPLICANT_MESSAGES[index];
    } else if (head === 'components' && index !== undefined && rest.length > 0) {
      const code = componentCodes[Number(index)];
      if (code) errors[`files:${code}`] = 'web.oneStop.receive.fileError';
    } else if (head === 'components') {
      errors.components = 'web.oneStop.receive.componentsError';
    } else if (head === 'fees') {
      formError = { key: 'web.oneStop.receive.feesError' };
    } else {
      formError = { key: 'errors.VALIDATION_FAILED' };
    }
  }
  if (error.code !== 'VALIDATION_FAILED') {
    formError = { key: `errors.${error.code}` };
  }
  return { status, state: { values, errors, ...(formError ? { formError } : {}) } };
}
