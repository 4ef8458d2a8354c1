import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor, RequestMeta } from '../auth/actor.ts';
import type { Db, Queryable } from '../db/database.ts';

/**
 * The audit trail: an explicit, typed call in the same transaction as each change, so a change and its record
 * commit or vanish together. Rows are sealed into a hash chain afterwards, in batches and in order, so writers
 * never queue behind one another for the chain head (the way X-Road seals its message log).
 */
export type AuditEntry = {
  actor: Actor;
  meta: RequestMeta;
  /** Stable dotted name, e.g. `user.create`. */
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** The administrative unit whose data changed. */
  unitId: string | null;
  /** Details: changed fields, reasons. Never passwords, tokens or secrets. */
  data?: Record<string, unknown>;
};

/** Appends one audit row inside the caller's transaction. */
export async function recordAudit(trx: Queryable, entry: AuditEntry): Promise<void> {
  const actor = entry.actor;
  await trx
    .insertInto('audit_log')
    .values({
      actor_id: actor.kind === 'user' ? actor.userId : null,
      actor_kind: actor.kind === 'user' ? 'user' : actor.kind,
      unit_id: entry.unitId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      ip: entry.meta.ip,
      user_agent: entry.meta.userAgent,
      request_id: entry.meta.requestId,
      data: JSON.stringify({ ...(actor.kind === 'system' ? { system: actor.name } : {}), ...entry.data }),
    })
    .execute();
}

export const GENESIS_HASH = '0'.repeat(64);

type ChainRow = {
  id: number;
  seq: number | null;
  occurred_at: string;
  actor_id: string | null;
  actor_kind: string;
  unit_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  data: string;
  prev_hash: string | null;
  hash: string | null;
};

// Timestamps and JSON are rendered by the database, in UTC with microseconds and jsonb's normalised text, so the
// sealer and the verifier hash exactly the same bytes whatever the client's time zone or JSON key order.
const CHAIN_COLUMNS = sql`id, seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  actor_id, actor_kind, unit_id, action, subject_type, subject_id, ip, user_agent, request_id, data::text AS data,
  prev_hash, hash`;

/** SHA-256 over the previous hash and the row's content, in a fixed field order. */
export function chainHash(prevHash: string, seq: number, row: ChainRow): string {
  const content = JSON.stringify([
    seq,
    row.id,
    row.occurred_at,
    row.actor_id,
    row.actor_kind,
    row.unit_id,
    row.action,
    row.subject_type,
    row.subject_id,
    row.ip,
    row.user_agent,
    row.request_id,
    row.data,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Seals committed, unsealed rows into the chain, oldest first, up to `batchSize` rows.
 * A transaction-scoped advisory lock lets only one sealer run at a time; other writers are never blocked.
 * @returns the number of rows sealed.
 */
export async function sealAuditLog(db: Db, batchSize = 1000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('egov:audit-seal'))`.execute(trx);
    const head = await sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_log
      WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`.execute(trx);
    let seq = head.rows[0]?.seq ?? 0;
    let prevHash = head.rows[0]?.hash ?? GENESIS_HASH;
    const pending = await sql<ChainRow>`SELECT ${CHAIN_COLUMNS} FROM audit_log
      WHERE seq IS NULL ORDER BY id LIMIT ${batchSize}`.execute(trx);
    for (const row of pending.rows) {
      seq += 1;
      const hash = chainHash(prevHash, seq, row);
      await sql`UPDATE audit_log SET seq = ${seq}, prev_hash = ${prevHash}, hash = ${hash}, sealed_at = now()
        WHERE id = ${row.id}`.execute(trx);
      prevHash = hash;
    }
    return pending.rows.length;
  });
}

/** Seals until nothing unsealed is left (CLI, tests, shutdown). */
export async function sealAllAuditRows(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await sealAuditLog(db);
    total += sealed;
    if (sealed === 0) {
      return total;
    }
  }
}

export type ChainProblem = {
  seq: number | null;
  id: number | null;
  problem: 'hash_mismatch' | 'broken_link' | 'gap' | 'unsealed';
};

export type ChainReport = { ok: boolean; sealed: number; unsealed: number; headHash: string; problems: ChainProblem[] };

/**
 * Walks the chain in seq order and recomputes every hash. An edited row fails its own hash; a deleted row leaves
 * a gap in seq and a broken link; a row inserted with a forged seq breaks the links around it.
 * Rows not yet sealed are counted, not judged.
 */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let sealed = 0;
  let after = 0;
  for (;;) {
    const page = await sql<ChainRow>`SELECT ${CHAIN_COLUMNS} FROM audit_log
      WHERE seq > ${after} ORDER BY seq LIMIT ${pageSize}`.execute(db);
    for (const row of page.rows) {
      const seq = row.seq ?? 0;
      if (seq !== expectedSeq) {
        problems.push({ seq: expectedSeq, id: null, problem: 'gap' });
      }
      if (row.prev_hash !== prevHash) {
        problems.push({ seq, id: row.id, problem: 'broken_link' });
      }
      if (row.hash !== chainHash(row.prev_hash ?? '', seq, row)) {
        problems.push({ seq, id: row.id, problem: 'hash_mismatch' });
      }
      prevHash = row.hash ?? '';
      expectedSeq = seq + 1;
      sealed += 1;
      after = seq;
    }
    if (page.rows.length < pageSize) {
      break;
    }
  }
  const unsealed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE seq IS NULL`.execute(db);
  return {
    ok: problems.length === 0,
    sealed,
    unsealed: unsealed.rows[0]?.n ?? 0,
    headHash: prevHash,
    problems,
  };
}
