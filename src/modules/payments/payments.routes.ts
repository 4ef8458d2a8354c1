import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { systemActor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { runIdempotent } from '../../platform/http/idempotency.ts';
import { paymentReceiptPdf } from './payment-receipt.ts';
import type { PaymentDeps } from './payments.deps.ts';
import {
  DossierParams,
  IpnReply,
  Payment,
  PaymentListQuery,
  PaymentPage,
  PaymentParams,
  PaymentStarted,
  ReturnResult,
} from './payments.schema.ts';
import { getPayment, listPayments, paymentReturn } from './read-payments.ts';
import { handleIpn } from './settle-payment.ts';
import { startPayment } from './start-payment.ts';
import { IPN_ANSWERS } from './vnpay/vnpay-client.ts';

const tags = ['payments'];

/** REST routes of online fee payment. Thin: sign-in check, schema, one service call. */
export const paymentRoutes: FastifyPluginAsyncZod<{ database: Database; deps: PaymentDeps }> = async (
  app,
  { database, deps },
) => {
  app.post(
    '/dossiers/:id/payments',
    {
      schema: {
        tags,
        summary: 'Start paying the fees due on one’s dossier online; answers the gateway URL; honours Idempotency-Key',
        params: DossierParams,
        response: { 201: PaymentStarted },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const result = await runIdempotent(request, database, 201, (ctx) => startPayment(ctx, deps, request.params.id));
      return reply.status(result.status).send(result.body);
    },
  );

  // Registered before /payments/:id so the literal path wins (Fastify prefers static segments anyway).
  app.get(
    '/payments/vnpay/ipn',
    {
      schema: {
        tags,
        summary: 'Gateway IPN (server to server): settles a payment; always HTTP 200 with RspCode',
        response: { 200: IpnReply },
      },
    },
    async (request) => {
      const ctx = { ...request.serviceContext(), actor: systemActor('vnpay-ipn') };
      try {
        const answer = await handleIpn(ctx, deps, request.query);
        if (answer.RspCode !== '00') {
          // Refusals write nothing to the database; the log is where operators see forged or confused calls.
          request.log.warn({ rspCode: answer.RspCode, ip: request.ip }, 'vnpay ipn refused');
        }
        return answer;
      } catch (error) {
        // The gateway only understands RspCode: a failure of ours is 99, and it will retry.
        request.log.error({ err: error }, 'vnpay ipn failed');
        return IPN_ANSWERS.unknownError;
      }
    },
  );

  app.get(
    '/payments/vnpay/return',
    {
      schema: {
        tags,
        summary: 'Where the gateway sends the browser back: verifies and shows the result; never settles',
        response: { 200: ReturnResult },
      },
    },
    async (request) => paymentReturn(request.serviceContext(), deps, request.query),
  );

  app.get(
    '/payments',
    {
      schema: {
        tags,
        summary: 'Reconciliation: payments of dossiers received in the caller’s units, with totals per status',
        querystring: PaymentListQuery,
        response: { 200: PaymentPage },
      },
    },
    async (request) => {
      requireUser(request);
      return listPayments(request.serviceContext(), request.query);
    },
  );

  app.get(
    '/payments/:id',
    {
      schema: {
        tags,
        summary: 'One payment (the payer, or staff over its desk)',
        params: PaymentParams,
        response: { 200: Payment },
      },
    },
    async (request) => {
      requireUser(request);
      return getPayment(request.serviceContext(), request.params.id);
    },
  );

  app.get(
    '/payments/:id/receipt',
    {
      schema: {
        tags,
        summary: 'The electronic receipt (biên lai điện tử) of a paid payment, as PDF',
        params: PaymentParams,
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { number, pdf } = await paymentReceiptPdf(request.serviceContext(), deps, request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="bien-lai-${number}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );
};
