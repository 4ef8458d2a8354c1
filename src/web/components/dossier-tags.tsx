import type { DossierStatus } from '../../modules/dossiers/dossier-model.ts';
import { compactDateTime } from '../../platform/i18n/vietnamese-format.ts';
import { formatDateTime, useLanguage, useT, useTx } from '../lib/i18n.ts';
import type { TimeLeft } from '../lib/time-left.ts';

const TIME_LEFT_CLASS: Record<TimeLeft, string> = {
  onTime: 'tag',
  nearDue: 'tag tag--yellow',
  overdue: 'tag tag--red',
  paused: 'tag tag--grey',
  none: 'tag tag--grey',
  done: 'tag tag--grey',
};

/** The time-left mark: always a word, the colour only repeats it (WCAG 1.4.1). */
export function TimeLeftTag({ timeLeft }: { timeLeft: TimeLeft }) {
  const tx = useTx();
  return <span className={TIME_LEFT_CLASS[timeLeft]}>{tx(`web.oneStop.timeLeft.${timeLeft}`)}</span>;
}

/** A moment as officers read it: `14:30 13/02/2026` in Vietnamese (Lào Cai time), the English short form otherwise. */
export function useMoment(): (iso: string) => string {
  const language = useLanguage();
  return (iso) => (language === 'vi' ? compactDateTime(new Date(iso)) : formatDateTime(language, iso));
}

/** The due time in the reader's format with its time-left mark beside it. */
export function DueTime({ dueAt, timeLeft }: { dueAt: string | null; timeLeft: TimeLeft }) {
  const t = useT();
  const moment = useMoment();
  return (
    <span className="due-time">
      <span className="due-time__at">{dueAt ? moment(dueAt) : t('web.oneStop.noDue')}</span>{' '}
      {dueAt ? <TimeLeftTag timeLeft={timeLeft} /> : null}
    </span>
  );
}

/** The dossier's status in words. */
export function DossierStatusTag({ status }: { status: DossierStatus }) {
  const tx = useTx();
  return <span className="tag tag--blue">{tx(`dossierStatuses.${status}`)}</span>;
}
