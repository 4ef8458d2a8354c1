import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type Language, translate } from '../i18n/index.ts';
import { AppError, type ErrorCode, isAppError } from '../errors.ts';

/** RFC 9457 problem details, with our stable code and the request id. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode | 'INTERNAL';
  detail?: string;
  instance?: string;
  requestId: string;
  [extra: string]: unknown;
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Fastify's own error codes mapped onto ours, so clients only ever see one vocabulary. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_NOT_FOUND: 'ROUTE_NOT_FOUND',
};

/** Turns any thrown value into an AppError, or null when it is an unexpected failure (a bug). */
export function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) {
    return error;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new AppError('VALIDATION_FAILED', {
      issues: error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message,
        code:
          v.params?.issue && typeof v.params.issue === 'object'
            ? (v.params.issue as { code?: string }).code
            : undefined,
      })),
    });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError?.code === 'FST_ERR_RATE_LIMIT' || fastifyError?.statusCode === 429) {
    return new AppError('RATE_LIMITED');
  }
  if (fastifyError?.code && fastifyError.code in FASTIFY_CODES) {
    const code = FASTIFY_CODES[fastifyError.code] as ErrorCode;
    return new AppError(code, code === 'VALIDATION_FAILED' ? { issues: [{ message: fastifyError.message }] } : {});
  }
  if (fastifyError?.statusCode === 400 && fastifyError.code?.startsWith('FST_')) {
    return new AppError('MALFORMED_BODY');
  }
  return null;
}

/** Builds the problem document for an AppError in the caller's language. */
export function problemFor(error: AppError, requestId: string, language: Language, instance?: string): Problem {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error.details)) {
    if (typeof value === 'string' || typeof value === 'number') {
      params[key] = value;
    }
  }
  return {
    type: `https://chinhquyenso.vn/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: translate(language, `errors.${error.code}`, params),
    status: error.status,
    code: error.code,
    ...(instance ? { instance } : {}),
    requestId,
    ...error.details,
  };
}

/** Sends an error as problem+json; unexpected errors are logged in full and answered with a bare 500. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  const language = request.language ?? 'vi';
  if (!appError) {
    request.log.error({ err: error }, 'unexpected error');
    return reply
      .status(500)
      .type(PROBLEM_CONTENT_TYPE)
      .send({
        type: 'about:blank',
        title: translate(language, 'errors.INTERNAL'),
        status: 500,
        code: 'INTERNAL',
        requestId: request.id,
      } satisfies Problem);
  }
  if (appError.status >= 500) {
    request.log.error({ err: error }, appError.code);
  } else {
    request.log.info({ code: appError.code }, 'request refused');
  }
  if (appError.code === 'RATE_LIMITED' && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', '60');
  }
  return reply
    .status(appError.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemFor(appError, request.id, language, request.url.split('?')[0]));
}
