import { data, useLoaderData } from 'react-router';
import type { Route } from './+types/document';
import { PageHeading, SummaryList } from '../components/page.tsx';
import type { RouteErrorData } from '../lib/guards.server.ts';
import { load, requireStaff } from '../lib/guards.server.ts';
import { formatDate, formatDateTime, useLanguage, useT } from '../lib/i18n.ts';

/**
 * An official document's page (văn bản đi /van-ban/di/<id>, văn bản đến /van-ban/den/<id>): the register's facts,
 * its files, and for each PDF who signed it and whether each signature still holds. Read-only; whoever may open the
 * document may see it, anyone else gets "not found".
 */
const DIRECTIONS = { di: 'outgoing', den: 'incoming' } as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireStaff(context, request);
  const direction = DIRECTIONS[params.direction as keyof typeof DIRECTIONS];
  if (!direction) {
    throw data({ code: 'NOT_FOUND' } satisfies RouteErrorData, { status: 404 });
  }
  return load(request, () => context.services.documents.view(direction, params.id));
}

const TAG_CLASS = { valid: 'tag', invalid: 'tag tag--red', unknown_signer: 'tag tag--grey' } as const;

export default function DocumentPage() {
  const { direction, document, files } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const incoming = 'senderName' in document ? document : null;
  return (
    <>
      <PageHeading
        title={`${document.typeName} ${document.notation ?? ''}`.trim()}
        caption={t(direction === 'outgoing' ? 'web.document.outgoing' : 'web.document.incoming')}
      >
        <p className="lead measure">{document.subject}</p>
      </PageHeading>
      <SummaryList
        rows={[
          { key: t('web.document.notation'), value: document.notation ?? t('web.document.none') },
          { key: t('web.document.type'), value: document.typeName },
          {
            key: t(incoming ? 'web.document.sender' : 'web.document.agency'),
            value: incoming ? incoming.senderName : document.agency.name,
          },
          { key: t('web.document.issuedOn'), value: formatDate(language, document.issuedOn) || t('web.document.none') },
          ...(incoming
            ? [
                {
                  key: t('web.document.incomingNumber'),
                  value: String(incoming.incomingNumber ?? t('web.document.none')),
                },
              ]
            : []),
          { key: t('web.document.signer'), value: document.signerName ?? t('web.document.none') },
          { key: t('web.document.status'), value: t(`web.document.statuses.${document.status}`) },
        ]}
      />
      <h2>{t('web.document.files')}</h2>
      {files.map((file) => (
        <section key={file.id} className="document-file" aria-labelledby={`file-${file.id}`}>
          <h3 id={`file-${file.id}`}>
            <a href={`/api/v1/documents/${direction}/${document.id}/files/${file.id}`}>{file.filename}</a>
          </h3>
          {file.signatures === null ? (
            <p>{t('web.document.notPdf')}</p>
          ) : file.signatures.length === 0 ? (
            <p>{t('web.document.unsigned')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption>{t('web.document.signatures')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('web.document.signedBy')}</th>
                    <th scope="col">{t('web.document.signedAt')}</th>
                    <th scope="col">{t('web.document.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {file.signatures.map((s) => (
                    <tr key={s.index}>
                      <th scope="row">
                        {s.signer?.commonName ?? s.signer?.distinguishedName ?? t('web.document.none')}
                        {s.signer?.organization ? <span className="hint"> — {s.signer.organization}</span> : null}
                      </th>
                      <td>{formatDateTime(language, s.signingTime) || t('web.document.none')}</td>
                      <td>
                        <strong className={TAG_CLASS[s.status]}>{t(`web.document.${s.status}`)}</strong>
                        {s.status === 'invalid' ? <p className="hint">{t('web.document.invalidHint')}</p> : null}
                        {s.status === 'unknown_signer' ? <p className="hint">{t('web.document.unknownHint')}</p> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
