import { type CertificateSummary, ensureDemoPki, initDemoCa, issueCertificate } from './demo-ca.ts';
import { KEY_ID_PATTERN } from './key-store.ts';

/**
 * `egov pki init | issue | demo`: the operator's handle on the PKI folder. The CLI only parses arguments and calls
 * this; output lines go to `print` so tests can read them.
 */

export const PKI_USAGE = `usage:
  egov pki init                 create the demo CA (idempotent) and trust it
  egov pki issue --key-id <id> --kind person|agency --name "<CN>" --org "<O>" [--days N]
                                issue a signing certificate and key from the demo CA
  egov pki demo                 create the CA and the demo keys that are missing`;

export type PkiArgs = {
  subcommand: string | undefined;
  keyId?: string | undefined;
  kind?: string | undefined;
  name?: string | undefined;
  org?: string | undefined;
  days?: string | undefined;
};

function printCertificate(print: (line: string) => void, certificate: CertificateSummary): void {
  print(`  subject:  ${certificate.subject}`);
  print(`  serial:   ${certificate.serial}`);
  print(`  valid:    ${certificate.notBefore} → ${certificate.notAfter}`);
}

/** Runs one pki subcommand against the PKI folder; returns the process exit code (2 = usage error). */
export async function runPkiCommand(dir: string, args: PkiArgs, print: (line: string) => void): Promise<number> {
  switch (args.subcommand) {
    case 'init': {
      const ca = await initDemoCa(dir);
      print(ca.created ? `created the demo CA in ${dir}` : `the CA already exists in ${dir}; nothing changed`);
      printCertificate(print, ca.certificate);
      print(`  file:     ${ca.certificatePath}`);
      return 0;
    }
    case 'issue': {
      const { keyId, kind, name, org } = args;
      const days = args.days === undefined ? undefined : Number(args.days);
      if (
        !keyId ||
        !KEY_ID_PATTERN.test(keyId) ||
        (kind !== 'person' && kind !== 'agency') ||
        !name?.trim() ||
        !org?.trim() ||
        (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650))
      ) {
        print(PKI_USAGE);
        return 2;
      }
      const issued = await issueCertificate(dir, { keyId, kind, name: name.trim(), org: org.trim(), days });
      print(`issued ${keyId} (${kind})`);
      printCertificate(print, issued.certificate);
      print(`  files:    ${issued.keyDir}/{key.pem (0600), cert.pem, chain.pem}`);
      return 0;
    }
    case 'demo': {
      const result = await ensureDemoPki(dir);
      print(
        `${result.caCreated ? 'created' : 'kept'} the demo CA; issued: ${result.issued.join(', ') || 'nothing (all present)'}`,
      );
      return 0;
    }
    default:
      print(PKI_USAGE);
      return 2;
  }
}
