import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { type AppConfig, OIDC_CALLBACK_PATH, VNEID_STANDIN_CLIENT, VNEID_STANDIN_PATH } from '../../../config.ts';
import { translate } from '../../../platform/i18n/index.ts';
import { type StandinClient, vneidStandinPlugin } from './standin-provider.ts';

/**
 * Mounts the VNeID stand-in at /vneid-standin when VNEID_STANDIN is on, with the platform as its one client.
 * @throws in production: the stand-in signs anyone in as a demo citizen (config.ts refuses it first)
 */
export async function mountVneidStandin(
  app: FastifyInstance,
  config: Pick<AppConfig, 'vneidStandin' | 'isProduction' | 'publicUrl' | 'oidc' | 'trustProxy'>,
): Promise<void> {
  if (!config.vneidStandin) return;
  if (config.isProduction) {
    throw new Error('the VNeID stand-in must never run in production');
  }
  await app.register(vneidStandinPlugin, {
    prefix: VNEID_STANDIN_PATH,
    issuer: () => `${config.publicUrl}${VNEID_STANDIN_PATH}`,
    clients: () => [
      {
        clientId: VNEID_STANDIN_CLIENT.id,
        clientSecret: VNEID_STANDIN_CLIENT.secret,
        redirectUris: [config.oidc?.redirectUri ?? `${config.publicUrl}${OIDC_CALLBACK_PATH}`],
        name: translate('vi', 'app.name'),
      },
    ],
    personalIdClaim: config.oidc?.personalIdClaim ?? 'personal_id',
    trustProxy: config.trustProxy,
  });
}

export type RunningStandin = { issuer: string; close(): Promise<void> };

/** Runs the stand-in on its own port on 127.0.0.1 (tests): the issuer is its root address. */
export async function startVneidStandin(options: {
  clients: StandinClient[];
  personalIdClaim?: string;
}): Promise<RunningStandin> {
  const app = Fastify({ logger: false });
  let issuer = '';
  await app.register(vneidStandinPlugin, {
    issuer: () => issuer,
    clients: () => options.clients,
    personalIdClaim: options.personalIdClaim ?? 'personal_id',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  issuer = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { issuer, close: () => app.close() };
}
