import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../lib/i18n.ts';

/** The page's `<title>` (hoisted into the head by React) and its one `<h1>`. */
export function PageHeading({
  title,
  caption,
  children,
  documentTitle,
}: {
  title: string;
  caption?: string | undefined;
  children?: ReactNode;
  /** The whole `<title>`, when the heading already names the site (the home page). */
  documentTitle?: string;
}) {
  const t = useT();
  return (
    <>
      <title>{documentTitle ?? `${title} – ${t('app.name')} ${t('app.tenant')}`}</title>
      <div className="page-heading">
        {caption ? <span className="caption">{caption}</span> : null}
        <h1>{title}</h1>
        {children}
      </div>
    </>
  );
}

/** A confirmation shown after a change (GOV.UK notification banner, success variant). */
export function SuccessBanner({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="banner banner--success" role="status" aria-labelledby="banner-title">
      <h2 className="banner__title" id="banner-title">
        {t('web.common.success')}
      </h2>
      <p className="banner__body">{children}</p>
    </div>
  );
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link className="back-link" to={to}>
      {children}
    </Link>
  );
}

/** A term/definition list of one thing's facts. */
export function SummaryList({ rows }: { rows: readonly { key: string; value: ReactNode }[] }) {
  return (
    <dl className="summary-list">
      {rows.map((row) => (
        <div className="summary-list__row" key={row.key}>
          <dt className="summary-list__key">{row.key}</dt>
          <dd className="summary-list__value">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** "Next page" for cursor-paginated lists, keeping the current filters. */
export function NextPageLink({ cursor, search }: { cursor: string | null; search: string }) {
  const t = useT();
  if (!cursor) {
    return null;
  }
  const params = new URLSearchParams(search);
  params.set('cursor', cursor);
  return (
    <nav className="pagination" aria-label={t('web.common.pagination')}>
      <Link to={`?${params.toString()}`} rel="next">
        {t('web.common.nextPage')}
      </Link>
    </nav>
  );
}
