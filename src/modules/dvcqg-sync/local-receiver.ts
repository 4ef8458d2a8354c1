import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { REQUEST_ID_HEADER, SESSION_INVALID_CODE } from './dvcqg-client.ts';
import { DVCQG_SERVICES } from './dvcqg-model.ts';

/**
 * A LOCAL STAND-IN for the national public-service portal (DVCQG) — not the portal. It speaks the same protocol as
 * the portal's adapter (sign in for a `session`, then JSON calls with `session`, `madonvi`, `service`, `data`,
 * answered with `error_code` 0) so the demo and the tests exercise the real sync path end to end. It keeps what it
 * received in its own table, de-duplicating on each call's stable id. Mounted at /dvcqg-sandbox when
 * DVCQG_SANDBOX=true; never in front of citizens.
 */

export type LocalReceiverOptions = {
  db: Queryable;
  username: string;
  password: string;
  sessionTtlSeconds?: number;
  /** Tests: delay every integration call (to stop a sender mid-way) … */
  delayMs?: number;
  /** … or make a call fail as a real portal might: an HTTP error, or a reply with a non-zero error_code. */
  fault?: (call: { service: string; requestId: string }) => { status: number } | { errorCode: number } | undefined;
};

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

function sameSecret(given: unknown, expected: string): boolean {
  const a = Buffer.from(typeof given === 'string' ? given : '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

type IntegrationBody = { session?: unknown; madonvi?: unknown; service?: unknown; data?: unknown; mahoso?: unknown };

/** The receiver as a Fastify plugin; register it with a prefix such as `/dvcqg-sandbox`. */
export const localReceiverPlugin: FastifyPluginAsync<LocalReceiverOptions> = async (app, options) => {
  const { db } = options;
  const ttl = options.sessionTtlSeconds ?? 30 * 60;

  app.post('/auth', { schema: { hide: true } }, async (request) => {
    const body = (request.body ?? {}) as { username?: unknown; password?: unknown };
    if (!sameSecret(body.username, options.username) || !sameSecret(body.password, options.password)) {
      return { error_code: 1, message: 'Sai tên đăng nhập hoặc mật khẩu' };
    }
    const session = randomBytes(24).toString('base64url');
    await db
      .insertInto('dvcqg_sandbox_sessions')
      .values({
        token_hash: hash(session),
        username: options.username,
        expires_at: sql`now() + make_interval(secs => ${ttl})`,
      })
      .execute();
    return { error_code: 0, message: 'OK', session };
  });

  app.post('/integration', { schema: { hide: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as IntegrationBody;
    const valid =
      typeof body.session === 'string' &&
      (await db
        .selectFrom('dvcqg_sandbox_sessions')
        .select('token_hash')
        .where('token_hash', '=', hash(body.session))
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst());
    if (!valid) {
      return { error_code: SESSION_INVALID_CODE, message: 'Phiên làm việc không hợp lệ hoặc đã hết hạn' };
    }
    if (body.service === 'TraCuuHoSo') {
      const rows = await db
        .selectFrom('dvcqg_sandbox_records')
        .select('body')
        .where('dossier_code', '=', String(body.mahoso ?? ''))
        .where('service', '=', 'DongBoHoSoMC')
        .orderBy('received_order', 'desc')
        .limit(1)
        .execute();
      return { error_code: 0, result: rows.map((r) => (r.body as { data: unknown[] }).data[0]) };
    }
    const requestId = request.headers[REQUEST_ID_HEADER];
    const record = Array.isArray(body.data) ? (body.data[0] as { MaHoSo?: unknown } | undefined) : undefined;
    if (!(DVCQG_SERVICES as readonly unknown[]).includes(body.service) || typeof body.madonvi !== 'string') {
      return { error_code: 2, message: 'Thiếu hoặc sai service, madonvi' };
    }
    if (typeof requestId !== 'string' || requestId.length < 8 || typeof record?.MaHoSo !== 'string') {
      return { error_code: 3, message: 'Thiếu mã yêu cầu (Idempotency-Key) hoặc MaHoSo' };
    }
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const fault = options.fault?.({ service: String(body.service), requestId });
    if (fault && 'status' in fault) {
      return reply.status(fault.status).send({ error: 'fault injected' });
    }
    if (fault) {
      return { error_code: fault.errorCode, message: 'Lỗi xử lý tại cổng (giả lập)' };
    }
    const { session: _session, ...stored } = body;
    const result = await sql<{ times_received: number }>`
      INSERT INTO dvcqg_sandbox_records (request_id, service, agency_code, dossier_code, body)
      VALUES (${requestId}, ${body.service}, ${body.madonvi}, ${record.MaHoSo}, ${JSON.stringify(stored)})
      ON CONFLICT (request_id) DO UPDATE SET times_received = dvcqg_sandbox_records.times_received + 1
      RETURNING times_received`.execute(db);
    return { error_code: 0, message: 'OK', duplicate: (result.rows[0]?.times_received ?? 1) > 1 };
  });
};
