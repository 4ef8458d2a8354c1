import { Form } from 'react-router';
import type { TCalendarYearResponse } from '../../modules/calendar/calendar.schema.ts';
import { CsrfField, TextField } from './form.tsx';
import type { FormState } from '../lib/forms.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { formatDate, useLanguage, useT, useTx } from '../lib/i18n.ts';

type Day = TCalendarYearResponse['nonWorkingWeekdays'][number];

/** The day of the week of a calendar date, in words. */
function useWeekday(): (day: string) => string {
  const tx = useTx();
  return (day) => tx(`web.adminConfig.calendar.weekdays.d${new Date(`${day}T00:00:00Z`).getUTCDay()}`);
}

/** The year's typed-in days (holidays, swapped days off, make-up working days), each with a remove button. */
export function CalendarEntries({
  year,
  query,
  action,
}: {
  year: TCalendarYearResponse;
  query: Record<string, string>;
  action: string;
}) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const weekday = useWeekday();
  if (year.entries.length === 0) return <p>{t('web.adminConfig.calendar.noEntries')}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('web.adminConfig.calendar.entriesTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('web.adminConfig.calendar.day')}</th>
            <th scope="col">{t('web.adminConfig.calendar.weekday')}</th>
            <th scope="col">{t('web.adminConfig.calendar.kind')}</th>
            <th scope="col">{t('web.adminConfig.calendar.name')}</th>
            <th scope="col">{t('web.common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {year.entries.map((entry) => (
            <tr key={entry.day}>
              <td>{formatDate(language, entry.day)}</td>
              <td>{weekday(entry.day)}</td>
              <td>{tx(`web.adminConfig.calendar.kinds.${entry.kind}`)}</td>
              <td>{entry.name}</td>
              <td>
                <Form method="post" action={action} className="inline-form">
                  <CsrfField />
                  <HiddenQuery query={query} />
                  <input type="hidden" name="day" value={entry.day} />
                  <button
                    type="submit"
                    className="link-button"
                    name="intent"
                    value="remove"
                    aria-label={t('web.adminConfig.calendar.removeLabel', { day: formatDate(language, entry.day) })}
                  >
                    {t('web.adminConfig.calendar.remove')}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The due-date checker's inputs, carried through a change so the result shows the new calendar's effect. */
export function HiddenQuery({ query }: { query: Record<string, string> }) {
  return (
    <>
      {Object.entries(query).map(([name, value]) => (
        <input key={name} type="hidden" name={`keep.${name}`} value={value} />
      ))}
    </>
  );
}

/** Days the calendar computes: weekdays off (compensatory days included) or weekend days worked. */
export function ComputedDays({ days, caption }: { days: readonly Day[]; caption: string }) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const weekday = useWeekday();
  if (days.length === 0) return <p>{t('web.adminConfig.calendar.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('web.adminConfig.calendar.day')}</th>
            <th scope="col">{t('web.adminConfig.calendar.weekday')}</th>
            <th scope="col">{t('web.adminConfig.calendar.kind')}</th>
            <th scope="col">{t('web.adminConfig.calendar.name')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <td>{formatDate(language, d.day)}</td>
              <td>{weekday(d.day)}</td>
              <td>{tx(`web.adminConfig.calendar.reasons.${d.reason}`)}</td>
              <td>{d.name ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type DueCheck = {
  start: string;
  days: string;
  result: { due: string; receivedOn: string; calendarVersion: string } | null;
  /** `start` or `days` for a field, or a service refusal (no calendar for a year) as a message key. */
  error: 'start' | 'days' | { key: string; params: Record<string, string | number> } | null;
};

/** "Hạn giải quyết": a GET form (start day + working days → due time) answered with the saved calendar. */
export function DueChecker({ check }: { check: DueCheck }) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const errors: Record<string, MessageKey> = {};
  if (check.error === 'days') errors.days = 'web.adminConfig.calendar.daysError';
  if (check.error === 'start') errors.start = 'web.adminConfig.calendar.startError';
  const state: FormState | undefined = check.error
    ? { values: { start: check.start, days: check.days }, errors }
    : undefined;
  return (
    <section aria-labelledby="checker-title">
      <h2 id="checker-title">{t('web.adminConfig.calendar.checkerTitle')}</h2>
      <p className="measure">{t('web.adminConfig.calendar.checkerIntro')}</p>
      <Form method="get" className="search-form" key={`${check.start}-${check.days}`}>
        <TextField
          name="start"
          type="date"
          label={t('web.adminConfig.calendar.startLabel')}
          defaultValue={check.start}
          state={state}
          width="short"
        />
        <TextField
          name="days"
          label={t('web.adminConfig.calendar.daysLabel')}
          defaultValue={check.days}
          state={state}
          width="short"
          inputMode="numeric"
        />
        <button type="submit" className="button">
          {t('web.adminConfig.calendar.check')}
        </button>
      </Form>
      {typeof check.error === 'object' && check.error !== null ? (
        <p className="error-message">{tx(check.error.key, check.error.params)}</p>
      ) : null}
      {check.result ? (
        <dl className="summary-list" aria-live="polite" data-testid="due-result">
          <div className="summary-list__row">
            <dt className="summary-list__key">{t('web.adminConfig.calendar.due')}</dt>
            <dd className="summary-list__value">
              <strong>{`${check.result.due.slice(11, 16)} ${formatDate(language, check.result.due.slice(0, 10))}`}</strong>
            </dd>
          </div>
          <div className="summary-list__row">
            <dt className="summary-list__key">{t('web.adminConfig.calendar.receivedOn')}</dt>
            <dd className="summary-list__value">{formatDate(language, check.result.receivedOn)}</dd>
          </div>
          <div className="summary-list__row">
            <dt className="summary-list__key">{t('web.adminConfig.calendar.usedVersion')}</dt>
            <dd className="summary-list__value code">{check.result.calendarVersion}</dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
