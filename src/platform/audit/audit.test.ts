import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { systemActor } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import { recordAudit, sealAllAuditRows, sealAuditLog, verifyAuditChain } from './audit.ts';

const actor = systemActor('test');

async function writeRows(database: Database, count: number, prefix = 'test.action'): Promise<void> {
  for (let i = 0; i < count; i++) {
    await recordAudit(database.db, {
      actor,
      meta: { requestId: `req-${i}`, ip: '127.0.0.1', userAgent: 'vitest' },
      action: `${prefix}.${i}`,
      subjectType: 'thing',
      subjectId: String(i),
      unitId: null,
      data: { n: i, name: 'Hồ sơ Lào Cai' },
    });
  }
}

/** Tampering needs the append-only trigger out of the way, as an attacker with table-owner rights would do. */
async function tamper(database: Database, statement: ReturnType<typeof sql>): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(trx);
    await statement.execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(trx);
  });
}

describe('audit hash chain', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await tamper(database, sql`DELETE FROM audit_log`);
  });

  it('seals rows in order and verifies an intact chain', async () => {
    await writeRows(database, 25);
    expect(await sealAuditLog(database.db, 10)).toBe(10);
    expect(await sealAllAuditRows(database.db)).toBe(15);
    const report = await verifyAuditChain(database.db);
    expect(report).toMatchObject({ ok: true, sealed: 25, unsealed: 0, problems: [] });
  });

  it('seals rows that commit after later rows were sealed, without breaking the chain', async () => {
    await writeRows(database, 3);
    await sealAllAuditRows(database.db);
    await writeRows(database, 2, 'late');
    expect((await verifyAuditChain(database.db)).unsealed).toBe(2);
    await sealAllAuditRows(database.db);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, sealed: 5, unsealed: 0 });
  });

  it('refuses updates, deletes and truncation through the append-only trigger', async () => {
    await writeRows(database, 1);
    await expect(sql`UPDATE audit_log SET action = 'forged'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    await sealAllAuditRows(database.db);
    await expect(sql`UPDATE audit_log SET hash = repeat('0', 64)`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('detects an edited row', async () => {
    await writeRows(database, 10);
    await sealAllAuditRows(database.db);
    await tamper(database, sql`UPDATE audit_log SET data = '{"n": 999}'::jsonb WHERE seq = 4`);
    const report = await verifyAuditChain(database.db);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 4, problem: 'hash_mismatch' }));
  });

  it('detects an edited row even when the attacker recomputes its own hash', async () => {
    await writeRows(database, 6);
    await sealAllAuditRows(database.db);
    await tamper(database, sql`UPDATE audit_log SET action = 'forged', hash = repeat('a', 64) WHERE seq = 3`);
    const report = await verifyAuditChain(database.db);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 4, problem: 'broken_link' }));
  });

  it('detects a deleted row', async () => {
    await writeRows(database, 10);
    await sealAllAuditRows(database.db);
    await tamper(database, sql`DELETE FROM audit_log WHERE seq = 5`);
    const report = await verifyAuditChain(database.db);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 5, problem: 'gap' }));
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 6, problem: 'broken_link' }));
  });

  it('detects an inserted row carrying a forged position', async () => {
    await writeRows(database, 5);
    await sealAllAuditRows(database.db);
    // Make room at position 3 (two steps, because seq is unique), then slip a forged row in.
    await tamper(database, sql`UPDATE audit_log SET seq = -seq WHERE seq >= 3`);
    await tamper(database, sql`UPDATE audit_log SET seq = 1 - seq WHERE seq < 0`);
    await tamper(
      database,
      sql`INSERT INTO audit_log (actor_kind, action, subject_type, seq, prev_hash, hash)
          SELECT 'system', 'forged.insert', 'thing', 3, hash, repeat('b', 64) FROM audit_log WHERE seq = 2`,
    );
    const report = await verifyAuditChain(database.db);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 3, problem: 'hash_mismatch' }));
  });

  it('hashes the same bytes whatever the session time zone', async () => {
    await writeRows(database, 3);
    await sealAllAuditRows(database.db);
    await sql`SET TIME ZONE 'Asia/Ho_Chi_Minh'`.execute(database.db);
    try {
      expect((await verifyAuditChain(database.db)).ok).toBe(true);
    } finally {
      await sql`SET TIME ZONE 'UTC'`.execute(database.db);
    }
  });
});
