import Fastify from 'fastify';

/**
 * The baseline for read benchmarks: a bare Fastify server answering a constant JSON body, in its own process like
 * the platform, so the ratio shows what the platform's lookup costs over the HTTP stack itself.
 */
const app = Fastify({ logger: false });
app.get('/constant', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.send?.({ port: (app.server.address() as { port: number }).port });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
