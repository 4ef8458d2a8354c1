import { formatDate, useLanguage, useT } from '../lib/i18n.ts';
import { vietnamTodayIso } from '../lib/dates.ts';

/** "In force" or "ended on …" for a unit or agency, judged on today's date in Vietnam. */
export function ValidityTag({ validFrom, validTo }: { validFrom: string | null; validTo: string | null }) {
  const t = useT();
  const language = useLanguage();
  const today = vietnamTodayIso();
  if (validTo && validTo < today) {
    return (
      <span className="tag tag--grey">{t('web.admin.status.endedOn', { date: formatDate(language, validTo) })}</span>
    );
  }
  if (validFrom && validFrom > today) {
    return (
      <span className="tag tag--grey">{t('web.admin.status.startsOn', { date: formatDate(language, validFrom) })}</span>
    );
  }
  return <span className="tag">{t('web.admin.status.active')}</span>;
}
