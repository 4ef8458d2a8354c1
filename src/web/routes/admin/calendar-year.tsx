import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/calendar-year';
import {
  ComputedDays,
  type DueCheck,
  DueChecker,
  CalendarEntries,
  HiddenQuery,
} from '../../components/calendar-parts.tsx';
import { type ConfigNoticeName, ConfigNotice, withConfigNotice } from '../../components/config-notice.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../components/form.tsx';
import { PageHeading, SummaryList } from '../../components/page.tsx';
import { requireCalendarManager } from '../../lib/admin-config.server.ts';
import { formValues } from '../../lib/forms.ts';
import { invalidForm, load, refuseForm, toRouteError } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { AppError, isAppError } from '../../../platform/errors.ts';

const KINDS = ['holiday', 'day_off', 'working_day'] as const;
const MESSAGES: Record<string, MessageKey> = {
  day: 'web.adminConfig.calendar.dayError',
  kind: 'web.adminConfig.calendar.kindError',
  name: 'web.adminConfig.calendar.nameError',
};

/**
 * One year of the working-day calendar: the holidays and swapped days typed in (add, remove, status), the days off
 * the calendar computes from them (compensatory days), and a due-date checker using the saved calendar, so the
 * administrator sees the effect of a change at once. Every change replaces the year through the calendar service,
 * which gives the calendar a new version (due times are stored with the version they were computed with).
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireCalendarManager(context, request);
  const { calendar } = context.services;
  const year = Number(params.year);
  if (!/^\d{4}$/.test(params.year) || year < 2000 || year > 2100) {
    throw toRouteError(new AppError('NOT_FOUND', { subject: 'calendar-year' }), request);
  }
  const search = new URL(request.url).searchParams;
  const data = await calendar.year(year).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw toRouteError(error, request);
  });
  const check: DueCheck = {
    start: search.get('start') ?? '',
    days: search.get('days') ?? '',
    result: null,
    error: null,
  };
  if (check.start || check.days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(check.start) || Number.isNaN(Date.parse(check.start))) {
      check.error = 'start';
    } else if (!/^\d{1,3}$/.test(check.days.trim()) || Number(check.days) > 365) {
      check.error = 'days';
    } else {
      try {
        check.result = await calendar.due({ start: `${check.start}T08:00:00+07:00`, workingDays: check.days.trim() });
      } catch (error) {
        if (!isAppError(error)) throw error;
        const params: Record<string, string | number> = {};
        for (const [key, value] of Object.entries(error.details ?? {})) {
          if (typeof value === 'string' || typeof value === 'number') params[key] = value;
        }
        check.error = { key: `errors.${error.code}`, params };
      }
    }
  }
  return { year, data, check };
}

/** Where to go back to after a change: this year, keeping the checker's inputs so its answer shows the effect. */
function back(year: number, formData: FormData, notice: ConfigNoticeName): string {
  const keep = new URLSearchParams();
  for (const name of ['start', 'days']) {
    const value = formData.get(`keep.${name}`);
    if (typeof value === 'string' && value) keep.set(name, value);
  }
  const query = keep.toString();
  return withConfigNotice(`/quan-tri/lich-lam-viec/${year}${query ? `?${query}` : ''}`, notice);
}

export async function action({ request, context, params }: Route.ActionArgs) {
  requireCalendarManager(context, request);
  const { calendar } = context.services;
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const values = formValues(formData, ['day', 'kind', 'name', 'status']);
  try {
    const year = Number(params.year);
    if (intent === 'create') {
      const existing = await calendar.year(year).catch(() => null);
      if (!existing) await calendar.replaceYear(year, { status: 'provisional', entries: [] });
      return redirect(back(year, formData, 'yearSaved'));
    }
    const current = await load(request, () => calendar.year(year));
    const entries = current.entries.map((e) => ({ day: e.day, kind: e.kind, name: e.name }));
    if (intent === 'status') {
      await calendar.replaceYear(year, { status: values.status, entries });
      return redirect(back(year, formData, 'yearSaved'));
    }
    if (intent === 'remove') {
      await calendar.replaceYear(year, {
        status: current.status,
        entries: entries.filter((e) => e.day !== values.day),
      });
      return redirect(back(year, formData, 'entryRemoved'));
    }
    // Add a day: the checks people need in their words; the service repeats them for API callers.
    const errors: Record<string, MessageKey> = {};
    const day = values.day?.trim() ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) errors.day = MESSAGES.day as MessageKey;
    else if (!day.startsWith(`${year}-`)) errors.day = 'web.adminConfig.calendar.dayOutside';
    else if (entries.some((e) => e.day === day)) errors.day = 'web.adminConfig.calendar.dayDuplicate';
    if (!(KINDS as readonly string[]).includes(values.kind ?? '')) errors.kind = MESSAGES.kind as MessageKey;
    const name = values.name?.trim() ?? '';
    if (name.length < 2 || name.length > 200) errors.name = MESSAGES.name as MessageKey;
    if (Object.keys(errors).length > 0) return invalidForm(values, errors);
    await calendar.replaceYear(year, {
      status: current.status,
      entries: [...entries, { day, kind: values.kind, name }].sort((a, b) => a.day.localeCompare(b.day)),
    });
    return redirect(back(year, formData, 'entryAdded'));
  } catch (error) {
    return refuseForm(error, request, values, MESSAGES);
  }
}

export default function CalendarYear() {
  const { year, data, check } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  const query = Object.fromEntries(
    Object.entries({ start: check.start, days: check.days }).filter(([, value]) => value !== ''),
  );
  // Posts go to the page without a previous confirmation in its address, keeping the checker's inputs.
  const search = new URLSearchParams(query).toString();
  const postTo = `/quan-tri/lich-lam-viec/${year}${search ? `?${search}` : ''}`;
  return (
    <>
      <ConfigNotice />
      <ErrorSummary state={state} />
      <PageHeading title={t('web.adminConfig.calendar.title', { year })}>
        <p className="lead measure">{t('web.adminConfig.calendar.intro')}</p>
      </PageHeading>
      <nav aria-label={t('web.adminConfig.calendar.years')}>
        <ul className="link-list">
          <li>
            <Link to={`/quan-tri/lich-lam-viec/${year - 1}`}>
              {t('web.adminConfig.calendar.previous', { year: year - 1 })}
            </Link>
          </li>
          <li>
            <Link to={`/quan-tri/lich-lam-viec/${year + 1}`}>
              {t('web.adminConfig.calendar.next', { year: year + 1 })}
            </Link>
          </li>
        </ul>
      </nav>
      {data === null ? (
        <Form method="post" action={postTo} className="inset">
          <CsrfField />
          <p>{t('web.adminConfig.calendar.missing', { year })}</p>
          <p className="hint">{t('web.adminConfig.calendar.createHint')}</p>
          <button type="submit" className="button" name="intent" value="create">
            {t('web.adminConfig.calendar.create', { year })}
          </button>
        </Form>
      ) : null}
      {data === null ? (
        <DueChecker check={check} />
      ) : (
        <>
          <SummaryList
            rows={[
              {
                key: t('web.adminConfig.calendar.status'),
                value: tx(`web.adminConfig.calendar.statuses.${data.status}`),
              },
              {
                key: t('web.adminConfig.calendar.version'),
                value: (
                  <>
                    <span className="code" data-testid="calendar-version">
                      {data.calendarVersion}
                    </span>
                    <br />
                    <span className="hint">{t('web.adminConfig.calendar.versionHint')}</span>
                  </>
                ),
              },
            ]}
          />
          <DueChecker check={check} />
          <section aria-labelledby="entries-title">
            <h2 id="entries-title">{t('web.adminConfig.calendar.entriesTitle')}</h2>
            <CalendarEntries year={data} query={query} action={postTo} />
          </section>
          <section aria-labelledby="add-title">
            <h2 id="add-title">{t('web.adminConfig.calendar.addTitle')}</h2>
            <Form method="post" action={postTo} className="measure" noValidate>
              <CsrfField />
              <HiddenQuery query={query} />
              <TextField
                name="day"
                type="date"
                label={t('web.adminConfig.calendar.dayLabel')}
                state={state}
                width="short"
              />
              <SelectField
                name="kind"
                label={t('web.adminConfig.calendar.kindLabel')}
                state={state}
                defaultValue="holiday"
                options={KINDS.map((k) => ({ value: k, label: tx(`web.adminConfig.calendar.kinds.${k}`) }))}
              />
              <TextField
                name="name"
                label={t('web.adminConfig.calendar.nameLabel')}
                hint={t('web.adminConfig.calendar.nameHint')}
                state={state}
              />
              <button type="submit" className="button" name="intent" value="add">
                {t('web.adminConfig.calendar.add')}
              </button>
            </Form>
          </section>
          <section aria-labelledby="off-title">
            <h2 id="off-title">{t('web.adminConfig.calendar.offTitle')}</h2>
            <ComputedDays days={data.nonWorkingWeekdays} caption={t('web.adminConfig.calendar.offTitle')} />
          </section>
          <section aria-labelledby="weekend-title">
            <h2 id="weekend-title">{t('web.adminConfig.calendar.workingWeekendTitle')}</h2>
            <ComputedDays days={data.workingWeekendDays} caption={t('web.adminConfig.calendar.workingWeekendTitle')} />
          </section>
          <section aria-labelledby="status-title">
            <h2 id="status-title">{t('web.adminConfig.calendar.statusTitle')}</h2>
            <Form method="post" action={postTo} className="measure">
              <CsrfField />
              <HiddenQuery query={query} />
              <SelectField
                name="status"
                label={t('web.adminConfig.calendar.status')}
                defaultValue={data.status}
                options={(['official', 'provisional'] as const).map((s) => ({
                  value: s,
                  label: tx(`web.adminConfig.calendar.statuses.${s}`),
                }))}
              />
              <button type="submit" className="button button--secondary" name="intent" value="status">
                {t('web.adminConfig.calendar.saveStatus')}
              </button>
            </Form>
          </section>
        </>
      )}
    </>
  );
}
