import type { Clock } from '../../platform/clock.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { DocumentSigner } from '../documents/documents.ports.ts';
import type { KeyStore } from './key-store.ts';
import { signPdf } from './pdf-sign.ts';

/**
 * The documents module's signer, backed by the key store: the officer who signs applies their personal signature,
 * then the issuing agency its seal (NĐ 30/2020 Art. 13 and Appendix I), as two PAdES signatures on the main file.
 *
 * Keys are found by convention: an officer's key id is their username, an agency's is `agency.<its electronic
 * code>` (`egov pki issue --key-id agency.000.00.03.H38 --kind agency …`). A missing key answers
 * SIGNING_KEY_NOT_FOUND, naming the key to issue, and the document stays approved and unsigned.
 */
export function createKeyStoreDocumentSigner(deps: {
  keyStore: KeyStore;
  db: () => Queryable;
  clock: () => Clock;
}): DocumentSigner {
  return {
    async signMainFile(pdf, { signerUserId, agencyId }) {
      const db = deps.db();
      const [signer, agency] = await Promise.all([
        db.selectFrom('users').select(['username']).where('id', '=', signerUserId).executeTakeFirstOrThrow(),
        db.selectFrom('agencies').select(['code', 'name']).where('id', '=', agencyId).executeTakeFirstOrThrow(),
      ]);
      const keyIds = [signer.username, agency.code ? `agency.${agency.code}` : null].filter(
        (id): id is string => id !== null,
      );
      return signPdf(deps.keyStore, pdf, {
        keyIds,
        reason: `Ký ban hành văn bản của ${agency.name}`,
        location: agency.name,
        clock: deps.clock(),
      });
    },
  };
}
