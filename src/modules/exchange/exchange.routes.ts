import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppConfig } from '../../config.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import {
  type ExchangeDeliveryOptions,
  PACKAGE_ID_HEADER,
  createExchangeDelivery,
  registerExchangeDelivery,
} from './delivery.ts';
import type { IncomingDocumentSink } from './exchange.ports.ts';
import {
  AddressBook,
  AddressEntry,
  ExchangePackageDetail,
  IdParams,
  OrganIdParams,
  PackageListQuery,
  PackagePage,
  Peer,
  PeerCreateBody,
  PeerUpdateBody,
  ReceiveQuery,
  RemoteAgencyBody,
} from './exchange.schema.ts';
import * as exchange from './exchange.service.ts';
import { loadExchangeSigner } from './keys.ts';
import { receiveEdxml } from './receive.ts';

/** What the exchange needs of the platform. */
export type ExchangePlatform = {
  config: Pick<AppConfig, 'exchange'>;
  database: Database;
  jobs: Jobs;
  blobs: BlobStore;
  clock: Clock;
};

const XML_TYPES = ['application/xml', 'text/xml'];

/**
 * The peer endpoint (`POST /exchange/edxml`, also `/exchange/status`; authenticated by the package signature, not a
 * session) and the administration of peers, the address book and the trace.
 */
export const exchangeRoutes: FastifyPluginAsyncZod<{
  platform: ExchangePlatform;
  sink?: IncomingDocumentSink | undefined;
}> = async (app, { platform, sink }) => {
  const signer = loadExchangeSigner(platform.config);
  const limit = platform.config.exchange.maxPackageBytes;
  // Only this plugin reads XML bodies, and only its XML routes accept more than the global 1 MB.
  app.addContentTypeParser(XML_TYPES, { parseAs: 'string', bodyLimit: limit }, (_request, body, done) =>
    done(null, body),
  );

  for (const url of ['/exchange/edxml', '/exchange/status']) {
    app.post(
      url,
      {
        bodyLimit: limit,
        // Generous for a peer sending one circular to many agencies, low enough to blunt a flood of big bodies.
        config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags: ['exchange'],
          summary:
            url === '/exchange/edxml'
              ? 'Receive a signed edXML package or status message from a peer platform (application/xml). A document ' +
                'is answered with a signed status 01 (application/xml), a status with a JSON receipt, a refusal with ' +
                'problem+json naming why.'
              : 'Same as POST /exchange/edxml, for peers that send status messages apart',
          querystring: ReceiveQuery,
        },
      },
      async (request, reply) => {
        if (typeof request.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const senderPackageId = request.headers[PACKAGE_ID_HEADER];
        const result = await receiveEdxml(
          { ...platform, signer, sink, maxPackageBytes: limit, acceptRsaSha1: platform.config.exchange.acceptRsaSha1 },
          request.body,
          {
            to: request.query.to,
            senderPackageId: typeof senderPackageId === 'string' ? senderPackageId.slice(0, 100) : undefined,
            meta: request.serviceContext().meta,
          },
        );
        if (result.kind === 'edoc') {
          return reply.status(200).type('application/xml; charset=utf-8').send(result.acknowledgement);
        }
        return reply.status(200).send({ recorded: true, packageId: result.packageId });
      },
    );
  }

  app.get(
    '/exchange/peers',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Peer platforms and their pinned certificates',
        response: { 200: Peer.array() },
      },
    },
    async (request) => {
      requireStaff(request);
      return exchange.listPeers(request.serviceContext());
    },
  );
  app.post(
    '/exchange/peers',
    { schema: { tags: ['exchange'], summary: 'Add a peer platform', body: PeerCreateBody, response: { 201: Peer } } },
    async (request, reply) => {
      requireStaff(request);
      return reply.status(201).send(await exchange.createPeer(request.serviceContext(), request.body));
    },
  );
  app.patch(
    '/exchange/peers/:id',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Change a peer (address, certificate, on/off)',
        params: IdParams,
        body: PeerUpdateBody,
        response: { 200: Peer },
      },
    },
    async (request) => {
      requireStaff(request);
      return exchange.updatePeer(request.serviceContext(), request.params.id, request.body);
    },
  );
  app.get(
    '/exchange/address-book',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Local and remote agencies by e-identifier code',
        response: { 200: AddressBook },
      },
    },
    async (request) => {
      requireStaff(request);
      return exchange.listAddressBook(request.serviceContext());
    },
  );
  app.put(
    '/exchange/address-book/:organId',
    {
      schema: {
        tags: ['exchange'],
        summary: 'List a remote agency at the peer that hosts it',
        params: OrganIdParams,
        body: RemoteAgencyBody.omit({ organId: true }),
        response: { 200: AddressEntry },
      },
    },
    async (request) => {
      requireStaff(request);
      return exchange.putRemoteAgency(request.serviceContext(), { ...request.body, organId: request.params.organId });
    },
  );
  app.delete(
    '/exchange/address-book/:organId',
    { schema: { tags: ['exchange'], summary: 'Remove a remote agency', params: OrganIdParams } },
    async (request, reply) => {
      requireStaff(request);
      await exchange.deleteRemoteAgency(request.serviceContext(), request.params.organId);
      return reply.status(204).send();
    },
  );
  app.get(
    '/exchange/packages',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Exchanged documents and statuses of your units',
        querystring: PackageListQuery,
        response: { 200: PackagePage },
      },
    },
    async (request) => {
      requireStaff(request);
      return exchange.listPackages(request.serviceContext(), request.query);
    },
  );
  app.get(
    '/exchange/packages/:id',
    {
      schema: {
        tags: ['exchange'],
        summary: 'One exchanged message with its trace',
        params: IdParams,
        response: { 200: ExchangePackageDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return exchange.getPackage(request.serviceContext(), request.params.id);
    },
  );
};

/**
 * Starts delivery of outgoing exchange messages where workers run.
 * @returns a function that stops it
 */
export async function startExchangeDelivery(
  platform: ExchangePlatform,
  log: FastifyBaseLogger,
  options: ExchangeDeliveryOptions = {},
): Promise<() => void> {
  const signer = loadExchangeSigner(platform.config);
  const delivery = createExchangeDelivery(
    { database: platform.database, blobs: platform.blobs, jobs: platform.jobs, signer },
    { log, allowRsaSha1: platform.config.exchange.acceptRsaSha1, ...options },
  );
  return registerExchangeDelivery(platform.jobs, delivery, { log, ...options });
}
