import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';

const Uuid = z.uuid();
const OrganId = z
  .string()
  .trim()
  .regex(/^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/, 'agency e-identifier code, e.g. 000.00.00.H38');
const CertificatePem = z
  .string()
  .max(20_000)
  .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, 'a PEM certificate')
  .describe('The certificate the peer signs edXML with (PEM); pinned: nothing signed otherwise is accepted');

export const IdParams = z.object({ id: Uuid });
export const OrganIdParams = z.object({ organId: OrganId });

export const Peer = z
  .object({
    id: Uuid,
    name: z.string(),
    baseUrl: z.string(),
    certificateSha256: z.string().describe('SHA-256 fingerprint of the pinned certificate (hex)'),
    certificateSubject: z.string(),
    certificateValidTo: z.string(),
    active: z.boolean(),
  })
  .meta({ id: 'ExchangePeer' });
export type TPeer = z.infer<typeof Peer>;

export const PeerCreateBody = z
  .object({
    name: z.string().trim().min(2).max(200),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .describe('Base address of the peer platform, e.g. https://egov.yenbai.gov.vn'),
    certificatePem: CertificatePem,
  })
  .strict();
export type TPeerCreateBody = z.infer<typeof PeerCreateBody>;

export const PeerUpdateBody = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    certificatePem: CertificatePem.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type TPeerUpdateBody = z.infer<typeof PeerUpdateBody>;

export const AddressEntry = z
  .object({
    organId: z.string(),
    name: z.string(),
    location: z.enum(['local', 'remote']).describe('local: an agency of this platform; remote: hosted by a peer'),
    peerId: Uuid.nullable(),
    peerName: z.string().nullable(),
  })
  .meta({ id: 'ExchangeAddressEntry' });
export type TAddressEntry = z.infer<typeof AddressEntry>;
export const AddressBook = z.object({ items: z.array(AddressEntry) }).meta({ id: 'ExchangeAddressBook' });

export const RemoteAgencyBody = z
  .object({ organId: OrganId, name: z.string().trim().min(2).max(300), peerId: Uuid })
  .strict();
export type TRemoteAgencyBody = z.infer<typeof RemoteAgencyBody>;

export const TraceEntry = z.object({
  organId: z.string(),
  event: z.enum(['queued', 'attempt_failed', 'refused', 'status']),
  statusCode: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
});

export const ExchangePackage = z
  .object({
    id: Uuid,
    direction: z.enum(['outgoing', 'incoming']),
    kind: z.enum(['edoc', 'status']),
    documentId: z.string(),
    businessType: z.string(),
    fromOrganId: z.string(),
    toOrganId: z.string(),
    subject: z.string().nullable(),
    state: z.enum(['pending', 'delivered', 'refused', 'received']),
    lastStatusCode: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    incomingDocumentId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ExchangePackage' });
export type TExchangePackage = z.infer<typeof ExchangePackage>;

export const ExchangePackageDetail = ExchangePackage.extend({ trace: z.array(TraceEntry) }).meta({
  id: 'ExchangePackageDetail',
});
export type TExchangePackageDetail = z.infer<typeof ExchangePackageDetail>;

export const PackageListQuery = PageQuery.extend({ direction: z.enum(['outgoing', 'incoming']).optional() });
export type TPackageListQuery = z.infer<typeof PackageListQuery>;
export const PackagePage = pageOf(ExchangePackage).meta({ id: 'ExchangePackagePage' });

export const ReceiveQuery = z.object({
  to: OrganId.optional().describe('The recipient this delivery is for; every recipient hosted here when absent'),
});

export const StatusReceipt = z
  .object({ recorded: z.literal(true), packageId: Uuid })
  .meta({ id: 'ExchangeStatusReceipt' });
