#!/usr/bin/env -S npx tsx
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrations.ts';

/**
 * The platform's command line. Each command is small and reads the same configuration as the server.
 */
const HELP = `egov — Chính quyền số command line

  egov serve               run the platform (web, API, workers) in one process
  egov worker              run only the background workers
  egov migrate             apply pending database migrations
  egov seed                load the Lào Cai demo data into an empty database (and the demo PKI into PKI_DIR)
  egov doctor              check configuration, database, migrations and audit chain
  egov audit verify        verify the audit hash chain (exit 1 when broken)
  egov audit seal          seal pending audit rows into the chain now
  egov db-types [--check]  regenerate src/platform/db/schema.ts (or check it is current)
  egov openapi [--check]   write docs/openapi.json (or check it is current)
  egov reform move --effective YYYY-MM-DD [--dry-run] [--agency-map map.json]
  egov exchange keygen --subject "/C=VN/O=…/CN=…"
                           make a self-signed edXML signing key at EXCHANGE_KEY_FILE / EXCHANGE_CERT_FILE
  egov exchange certificate
                           print the exchange certificate and fingerprint to give peer platforms
                           move open dossiers of units ended by a reform to their successors
  egov pki init|issue|demo  demo CA and signing keys in PKI_DIR (egov pki alone lists the options)

Environment: PORT, HOST, DATA_DIR, PKI_DIR, DATABASE_URL, PUBLIC_URL, SMTP_URL, LOG_LEVEL, SEED_DEMO, STAFF_MFA (see README).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      effective: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'agency-map': { type: 'string' },
      'key-id': { type: 'string' },
      kind: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      days: { type: 'string' },
      subject: { type: 'string' },
    },
  });
  const [command, subcommand] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    return command || values.help ? 0 : 1;
  }
  switch (command) {
    case 'serve': {
      const { startServer } = await import('../src/server.ts');
      await startServer(loadConfig());
      return -1; // keep running
    }
    case 'worker': {
      const { runWorkerProcess } = await import('../src/worker-process.ts');
      await runWorkerProcess(loadConfig());
      return -1;
    }
    case 'migrate': {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrate(database.db);
        console.log(
          applied.length ? `applied: ${applied.map((m) => `${m.version}_${m.name}`).join(', ')}` : 'up to date',
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed': {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrate(database.db);
        const { seedDemo } = await import('../src/seed/index.ts');
        const report = await seedDemo(database.db, { pkiDir: config.pkiDir });
        console.log(report.seeded ? `seeded: ${JSON.stringify(report)}` : 'database already has units; nothing seeded');
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'doctor': {
      const { runDoctor } = await import('../src/doctor.ts');
      return runDoctor(loadConfig());
    }
    case 'audit': {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const { sealAllAuditRows, verifyAuditChain } = await import('../src/platform/audit/audit.ts');
        if (subcommand === 'seal') {
          console.log(`sealed ${await sealAllAuditRows(database.db)} rows`);
          return 0;
        }
        if (subcommand === 'verify') {
          const report = await verifyAuditChain(database.db);
          console.log(
            `${report.ok ? 'OK' : 'BROKEN'}: ${report.sealed} sealed rows, ${report.unsealed} not yet sealed, head ${report.headHash}`,
          );
          for (const problem of report.problems.slice(0, 50)) {
            console.log(
              `  ${problem.problem} at seq ${problem.seq ?? '?'}${problem.id ? ` (row id ${problem.id})` : ''}`,
            );
          }
          return report.ok ? 0 : 1;
        }
        console.error('usage: egov audit verify|seal');
        return 2;
      } finally {
        await database.close();
      }
    }
    case 'db-types': {
      const { writeSchemaTypes } = await import('../src/platform/db/generate-types.ts');
      const ok = await writeSchemaTypes(values.check);
      if (!ok) {
        console.error('src/platform/db/schema.ts is out of date: run `npm run db:types` and commit it');
        return 1;
      }
      console.log(values.check ? 'schema types are current' : 'schema types written');
      return 0;
    }
    case 'openapi': {
      const { writeOpenApi } = await import('../src/openapi-document.ts');
      const ok = await writeOpenApi(values.check);
      if (!ok) {
        console.error('docs/openapi.json is out of date: run `npm run egov -- openapi` and commit it');
        return 1;
      }
      console.log(values.check ? 'OpenAPI document is current' : 'docs/openapi.json written');
      return 0;
    }
    case 'reform': {
      const effectiveOn = values.effective;
      if (subcommand !== 'move' || !effectiveOn || !/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn)) {
        console.error('usage: egov reform move --effective YYYY-MM-DD [--dry-run] [--agency-map map.json]');
        return 2;
      }
      // {"<old agency code or id>": "<new agency code or id>", …}: which agency took over which.
      let agencyMap: Record<string, string> | undefined;
      if (values['agency-map']) {
        const parsed: unknown = JSON.parse(readFileSync(values['agency-map'], 'utf8'));
        if (!parsed || typeof parsed !== 'object' || Object.values(parsed).some((v) => typeof v !== 'string')) {
          console.error('--agency-map: a JSON object of old agency code → new agency code was expected');
          return 2;
        }
        agencyMap = parsed as Record<string, string>;
      }
      // The whole platform, so each move reaches the same outbox hook (portal sync) as any other action.
      const { buildApp } = await import('../src/app.ts');
      const { NO_REQUEST, systemActor } = await import('../src/platform/auth/actor.ts');
      const { moveDossiersToSuccessors } = await import('../src/modules/dossiers/reform-move.ts');
      const app = await buildApp(loadConfig(), { logger: false });
      try {
        const platform = app.platform;
        const ctx = { actor: systemActor('reform'), meta: NO_REQUEST, db: platform.database.db };
        const report = await moveDossiersToSuccessors(ctx, platform, {
          effectiveOn,
          dryRun: values['dry-run'],
          agencyMap,
        });
        console.log(`reform effective ${effectiveOn}${report.dryRun ? ' (dry run: nothing written)' : ''}`);
        console.log(`moved: ${report.moved.length}`);
        for (const m of report.moved) {
          const cleared = m.assigneeKept ? '' : ' (assignee cleared)';
          console.log(`  ${m.code}  ${m.from.unitName} → ${m.to.unitName}${cleared}`);
          if (m.unplaceableSteps.length > 0) {
            console.log(`    steps ahead with no place on the new tree: ${m.unplaceableSteps.join(', ')}`);
          }
        }
        console.log(`needing a decision: ${report.needsDecision.length}`);
        for (const d of report.needsDecision) {
          const choices = d.candidates.map((c) => c.name).join(', ');
          console.log(`  ${d.code}  ${d.unitName}: ${d.reason}${choices ? ` (${choices})` : ''}`);
        }
        console.log(`closed dossiers left in place: ${report.closedLeftInPlace}`);
        return report.needsDecision.length > 0 ? 3 : 0;
      } finally {
        await app.close();
      }
    }
    case 'pki': {
      const { runPkiCommand } = await import('../src/modules/signing/pki-command.ts');
      const { 'key-id': keyId, kind, name, org, days } = values;
      const print = (line: string) => console.log(line);
      return runPkiCommand(loadConfig().pkiDir, { subcommand, keyId, kind, name, org, days }, print);
    }
    case 'exchange': {
      const { describeExchangeCertificate, generateExchangeKey } = await import('../src/modules/exchange/keys.ts');
      const config = loadConfig();
      if (subcommand === 'keygen' && values.subject) {
        const info = generateExchangeKey(config, values.subject);
        console.log(`key: ${config.exchange.keyFile}\ncertificate: ${config.exchange.certFile}`);
        console.log(`subject: ${info.subject}\nSHA-256: ${info.sha256}\nvalid to: ${info.validTo}`);
        return 0;
      }
      if (subcommand === 'certificate') {
        const info = describeExchangeCertificate(config);
        console.log(
          `subject: ${info.subject}\nSHA-256: ${info.sha256}\nvalid to: ${info.validTo}\n${info.certificatePem}`,
        );
        return 0;
      }
      console.error('usage: egov exchange keygen --subject "/C=VN/O=…/CN=…" | egov exchange certificate');
      return 2;
    }
    default:
      console.error(`unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
