import type { TDossierDetail } from '../../modules/dossiers/dossiers.schema.ts';
import { useLanguage, useT, useTx } from '../lib/i18n.ts';
import { useMoment } from './dossier-tags.tsx';
import { FilePreview } from './file-preview.tsx';

/** File sizes as people read them: 12 kB, 1,4 MB. */
function size(bytes: number, language: string): string {
  const format = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  return bytes < 1024 * 1024
    ? `${format.format(Math.max(1, bytes / 1024))} kB`
    : `${format.format(bytes / 1048576)} MB`;
}

/** Money in VND, grouped the reader's way. */
export function useMoney(): (amount: number) => string {
  const language = useLanguage();
  const format = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB');
  return (amount) => `${format.format(amount)} ₫`;
}

/**
 * The dossier's files with links to download them, then a preview of each PDF and image. The API serves an upload
 * as an attachment with its sniffed type; only the preview asks for a PDF or image inline (see FilePreview).
 */
export function DossierFiles({ dossier }: { dossier: TDossierDetail }) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">{t('web.oneStop.dossier.filesTitle')}</h2>
      {dossier.files.length === 0 ? (
        <p>{t('web.oneStop.dossier.noFiles')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('web.oneStop.dossier.filesTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.oneStop.dossier.fileName')}</th>
                <th scope="col">{t('web.oneStop.dossier.fileKind')}</th>
                <th scope="col">{t('web.oneStop.dossier.component')}</th>
                <th scope="col" className="numeric">
                  {t('web.oneStop.dossier.size')}
                </th>
              </tr>
            </thead>
            <tbody>
              {dossier.files.map((f) => (
                <tr key={f.id}>
                  <td>
                    <a
                      href={`/api/v1/dossiers/${dossier.id}/files/${f.id}`}
                      type={f.contentType}
                      aria-label={t('web.oneStop.dossier.download', { name: f.filename })}
                    >
                      {f.filename}
                    </a>
                  </td>
                  <td>{tx(`web.oneStop.fileKinds.${f.kind}`)}</td>
                  <td>{f.componentCode ?? ''}</td>
                  <td className="numeric">{size(f.size, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dossier.files.length > 0 ? (
        <>
          <h3>{t('web.desk.filesPreview')}</h3>
          {dossier.files.map((f) => (
            <FilePreview key={f.id} dossierId={dossier.id} file={f} />
          ))}
        </>
      ) : null}
    </section>
  );
}

/** Fees and charges, each paid or not. */
export function FeeTable({ fees }: { fees: TDossierDetail['fees'] }) {
  const t = useT();
  const money = useMoney();
  if (fees.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="fees-title">
      <h2 id="fees-title">{t('web.oneStop.dossier.feesTitle')}</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('web.oneStop.dossier.feesTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('web.oneStop.dossier.feeName')}</th>
              <th scope="col" className="numeric">
                {t('web.oneStop.dossier.amount')}
              </th>
              <th scope="col">{t('web.oneStop.dossier.paid')}</th>
            </tr>
          </thead>
          <tbody>
            {fees.map((f) => (
              <tr key={f.code}>
                <td>{f.name}</td>
                <td className="numeric">{money(f.amount)}</td>
                <td>{f.paidAt ? t('web.oneStop.dossier.paid') : t('web.oneStop.dossier.notPaid')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The history of the dossier, oldest first, as an ordered list a screen reader can walk. */
export function DossierTimeline({ timeline }: { timeline: TDossierDetail['timeline'] }) {
  const t = useT();
  const tx = useTx();
  const moment = useMoment();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('web.oneStop.dossier.timelineTitle')}</h2>
      <ol className="timeline">
        {timeline.map((e) => {
          const place = [e.agencyName, e.unitName].filter(Boolean).join(', ');
          const reasons = [
            ...((e.data.items as string[] | undefined) ?? []),
            ...((e.data.reasons as string[] | undefined) ?? []),
            ...(typeof e.data.reason === 'string' ? [e.data.reason] : []),
          ];
          return (
            <li key={e.seq} className="timeline__item">
              <p className="timeline__head">
                <strong>{tx(`dossierActions.${e.action}`)}</strong> <time dateTime={e.at}>{moment(e.at)}</time>
              </p>
              <p className="timeline__meta">
                {t('web.oneStop.dossier.by', { name: e.actor?.fullName ?? t('web.oneStop.dossier.system') })}
                {place ? ` · ${t('web.oneStop.dossier.at', { place })}` : null}
                {e.toStep ? ` · ${t('web.oneStop.dossier.to', { step: e.toStep.name })}` : null}
                {e.assignee ? ` · ${t('web.oneStop.dossier.assignedTo', { name: e.assignee.fullName })}` : null}
              </p>
              {typeof e.data.stepDueAt === 'string' ? (
                <p className="timeline__meta">{t('web.desk.timelineStepDue', { at: moment(e.data.stepDueAt) })}</p>
              ) : null}
              {reasons.length > 0 ? (
                <ul>
                  {reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : null}
              {e.note ? <p className="timeline__note">{e.note}</p> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
