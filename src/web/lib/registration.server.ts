import { type AppLoadContext, data, redirect } from 'react-router';
import { isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { FormState } from './forms.ts';
import { formValues } from './forms.ts';
import { invalidForm, refuseForm } from './guards.server.ts';
import { weakPasswordMessage } from './passwords.ts';

/**
 * The action of both registration pages: checks what can be checked without the service, registers through it,
 * signs the new account in and goes to the page that says a verification mail is on its way. Every refusal is a
 * Vietnamese message next to its field (the personal ID's own rule, "already has an account", the password rule).
 */

export type RegistrationKind = 'citizen' | 'business';

const FIELDS = {
  citizen: ['fullName', 'personalId', 'phone', 'email', 'password', 'confirm'],
  business: ['businessName', 'taxCode', 'phone', 'email', 'password', 'confirm'],
} as const;

const p = 'citizenAccess.register';
/** The message of a field the service refused, when its own issue code does not say more. */
const FIELD_MESSAGES: Record<string, MessageKey> = {
  fullName: `${p}.fullNameRequired`,
  businessName: `${p}.businessNameRequired`,
  personalId: 'identifiers.personalId.notTwelveDigits',
  taxCode: 'identifiers.taxCode.badFormat',
  phone: `${p}.phoneInvalid`,
  email: `${p}.emailInvalid`,
};
const TAKEN: Record<string, MessageKey> = {
  personalId: `${p}.personalIdTaken`,
  taxCode: `${p}.taxCodeTaken`,
  email: `${p}.emailTaken`,
};

type Issue = { path?: unknown; code?: unknown };

/** Field messages for a VALIDATION_FAILED: the identifier checks' own words (`identifiers.<code>`) where given. */
function issueMessages(issues: Issue[]): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  for (const issue of issues) {
    const field = typeof issue.path === 'string' ? issue.path.split('.')[1] : undefined;
    if (!field || errors[field] || !FIELD_MESSAGES[field]) continue;
    const own = typeof issue.code === 'string' && /^(personalId|taxCode)\.\w+$/.test(issue.code);
    errors[field] = own ? (`identifiers.${issue.code}` as MessageKey) : (FIELD_MESSAGES[field] as MessageKey);
  }
  return errors;
}

export async function registrationAction(kind: RegistrationKind, request: Request, context: AppLoadContext) {
  const values = formValues(await request.formData(), FIELDS[kind]);
  // Passwords are never sent back to the page.
  const { password = '', confirm = '', ...kept } = values;
  const missing: Record<string, MessageKey> = {};
  const name = kind === 'citizen' ? 'fullName' : 'businessName';
  const id = kind === 'citizen' ? 'personalId' : 'taxCode';
  if ((kept[name] ?? '').trim().length < 2) missing[name] = FIELD_MESSAGES[name] as MessageKey;
  if (!kept[id]?.trim()) missing[id] = `${p}.${id}Required` as MessageKey;
  if (!kept.phone?.trim()) missing.phone = `${p}.phoneInvalid`;
  if (!kept.email?.trim()) missing.email = `${p}.emailInvalid`;
  if (!password) missing.password = `${p}.passwordRequired`;
  else if (password !== confirm) missing.confirm = `${p}.mismatch`;
  if (Object.keys(missing).length > 0) {
    return invalidForm(kept, missing);
  }
  const body = { ...kept, password };
  try {
    if (kind === 'citizen') await context.services.citizenAccess.registerCitizen(body);
    else await context.services.citizenAccess.registerBusiness(body);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const details = error.details ?? {};
    if (error.code === 'WEAK_PASSWORD') {
      return invalidForm(kept, { password: weakPasswordMessage(details) });
    }
    if (error.code === 'ALREADY_EXISTS' && typeof details.field === 'string' && TAKEN[details.field]) {
      return data<FormState>(
        { values: kept, errors: { [details.field]: TAKEN[details.field] as MessageKey } },
        { status: 409 },
      );
    }
    if (error.code === 'VALIDATION_FAILED' && Array.isArray(details.issues)) {
      const errors = issueMessages(details.issues as Issue[]);
      if (Object.keys(errors).length > 0) return invalidForm(kept, errors);
    }
    return refuseForm(error, request, kept, {});
  }
  // The account works at once; its address is proven by the link that is on its way.
  const signedIn = await context.services.auth.login({ username: kept.email ?? '', password });
  context.cookies.startSession(signedIn.token);
  return redirect('/xac-minh-email?da-gui=1');
}
