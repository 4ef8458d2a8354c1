import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { translate } from '../../platform/i18n/index.ts';
import { IDENTIFIER_KINDS, type IdentifierIssue, checkIdentifier } from './identifiers.ts';

const ValidateBody = z.object({ kind: z.enum(IDENTIFIER_KINDS), value: z.string().max(64) }).strict();
const Issue = z.object({ code: z.string(), message: z.string() });
const ValidateResponse = z
  .object({
    valid: z.boolean(),
    normalized: z.string().nullable(),
    errors: z.array(Issue),
    warnings: z.array(Issue),
  })
  .meta({ id: 'IdentifierCheck' });

/** `POST /identifiers/validate`: the identifier checks the forms use, with messages in the caller's language. */
export const identifierRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/identifiers/validate',
    {
      schema: {
        tags: ['identifiers'],
        summary: 'Check a personal identification number or a tax code',
        body: ValidateBody,
        response: { 200: ValidateResponse },
      },
    },
    async (request) => {
      const check = checkIdentifier(request.body.kind, request.body.value);
      const describe = (issue: IdentifierIssue) => ({
        code: issue.code,
        message: translate(request.language, `identifiers.${issue.code}`, issue.params),
      });
      return {
        valid: check.valid,
        normalized: check.normalized,
        errors: check.errors.map(describe),
        warnings: check.warnings.map(describe),
      };
    },
  );
};
