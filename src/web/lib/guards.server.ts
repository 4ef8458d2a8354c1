import { type AppLoadContext, data, redirect } from 'react-router';
import type { Actor } from '../../platform/auth/actor.ts';
import { ERROR_CODES, type ErrorCode, isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { type FormState, formErrorsFrom } from './forms.ts';

export type StaffActor = Extract<Actor, { kind: 'user' }>;

/** What a page shows for a refused or missing thing: the stable code, rendered by the error boundary. */
export type RouteErrorData = { code: ErrorCode };

/** The sign-in page, coming back here afterwards. */
export function signInUrl(request: Request): string {
  const url = new URL(request.url);
  const next = `${url.pathname.replace(/\.data$/, '')}${url.search}`;
  return `/dang-nhap?next=${encodeURIComponent(next)}`;
}

/**
 * The signed-in staff member, or a redirect to the sign-in page (anonymous) or a FORBIDDEN page (citizens).
 * Every admin loader and action calls it: loaders of nested routes run in parallel, so the layout's check alone
 * would not stop a child from running.
 */
export function requireStaff(context: AppLoadContext, request: Request): StaffActor {
  const actor = context.actor;
  if (actor.kind !== 'user') {
    throw redirect(signInUrl(request));
  }
  if (actor.userKind !== 'staff') {
    throw data({ code: 'FORBIDDEN' } satisfies RouteErrorData, { status: 403 });
  }
  return actor;
}

/** The signed-in user of any kind, or a redirect to sign in. */
export function requireUser(context: AppLoadContext, request: Request): StaffActor {
  const actor = context.actor;
  if (actor.kind !== 'user') {
    throw redirect(signInUrl(request));
  }
  return actor;
}

/**
 * Turns an expected service failure into what a page shows: UNAUTHENTICATED → sign in; any other AppError →
 * an error response carrying its code (the error boundary says it in the reader's language). Other errors are
 * bugs and propagate unchanged.
 */
export function toRouteError(error: unknown, request: Request): unknown {
  if (!isAppError(error)) {
    return error;
  }
  if (error.code === 'UNAUTHENTICATED') {
    return redirect(signInUrl(request));
  }
  return data({ code: error.code } satisfies RouteErrorData, { status: ERROR_CODES[error.code].status });
}

/** Runs a loader's service calls, mapping expected failures with {@link toRouteError}. */
export async function load<T>(request: Request, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toRouteError(error, request);
  }
}

/** A local path to go to after an action, never another site (`//evil`, `https://…`). */
export function safeNext(next: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  return next;
}

/**
 * The answer to a refused form: the reader's input with messages next to the fields (400), or the refusal as the
 * form's error (403 FORBIDDEN, 404, 409…). Unexpected errors propagate; UNAUTHENTICATED goes to sign-in.
 */
export function refuseForm(
  error: unknown,
  request: Request,
  values: Record<string, string>,
  fieldMessages: Record<string, MessageKey>,
) {
  if (isAppError(error) && error.code === 'UNAUTHENTICATED') {
    throw redirect(signInUrl(request));
  }
  const state = formErrorsFrom(error, values, fieldMessages);
  if (!state || !isAppError(error)) {
    throw error;
  }
  return data(state, { status: ERROR_CODES[error.code].status });
}

/** A form refused before any service call (a required field left empty, two passwords differing). */
export function invalidForm(values: Record<string, string>, errors: Record<string, MessageKey>) {
  return data<FormState>({ values, errors }, { status: 400 });
}

/** A form refused as a whole, with one message above it (a broken link, a missing e-mail address). */
export function refuseWhole(values: Record<string, string>, key: MessageKey, status = 400) {
  return data<FormState>({ values, errors: {}, formError: { key } }, { status });
}
