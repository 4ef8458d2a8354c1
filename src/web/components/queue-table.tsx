import { Link } from 'react-router';
import type { TDossierSummary } from '../../modules/dossiers/dossiers.schema.ts';
import type { FormState } from '../lib/forms.ts';
import { useT } from '../lib/i18n.ts';
import type { TimeLeft } from '../lib/time-left.ts';
import { DossierStatusTag, DueTime, useMoment } from './dossier-tags.tsx';

export type QueueItem = TDossierSummary & {
  timeLeft: TimeLeft;
  /** How late an overdue dossier is, in whole days and hours of calendar time. */
  lateBy: { days: number; hours: number } | null;
};

/** "Trễ 2 ngày 3 giờ": the lateness of an overdue dossier. */
function LateBy({ lateBy }: { lateBy: { days: number; hours: number } }) {
  const t = useT();
  const parts = [
    ...(lateBy.days > 0 ? [t('web.desk.days', { count: lateBy.days })] : []),
    ...(lateBy.hours > 0 || lateBy.days === 0 ? [t('web.desk.hours', { count: lateBy.hours })] : []),
  ];
  return <span className="secondary">{t('web.desk.lateBy', { amount: parts.join(' ') })}</span>;
}

/**
 * The work queue as a table, most urgent first. With `selectable`, each row starts with a checkbox of the bulk
 * form (`form` attribute), carrying the dossier's id and the version shown, so a bulk action on a dossier someone
 * else just moved is refused for that dossier.
 */
export function QueueTable(props: {
  items: readonly QueueItem[];
  caption: string;
  selectable: boolean;
  formId: string;
  state: FormState | undefined;
}) {
  const t = useT();
  const moment = useMoment();
  const pickError = props.state?.errors.pick;
  return (
    <div className={pickError ? 'table-wrap field--error' : 'table-wrap'}>
      {pickError ? (
        <p className="error-message" id="f-pick">
          <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
          {t(pickError)}
        </p>
      ) : null}
      <table className="table queue">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.selectable ? (
              <th scope="col" className="queue__pick">
                <span className="visually-hidden">{t('web.desk.pickColumn')}</span>
              </th>
            ) : null}
            <th scope="col">{t('web.oneStop.code')}</th>
            <th scope="col">{t('web.oneStop.procedure')}</th>
            <th scope="col">{t('web.oneStop.applicant')}</th>
            <th scope="col">{t('web.oneStop.status')}</th>
            <th scope="col">{t('web.oneStop.dueAt')}</th>
            <th scope="col">{t('web.oneStop.where')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((d) => (
            <tr key={d.id}>
              {props.selectable ? (
                <td className="queue__pick">
                  <input
                    className="queue__checkbox"
                    type="checkbox"
                    id={`pick-${d.id}`}
                    name="pick"
                    value={`${d.id}:${d.version}`}
                    form={props.formId}
                    aria-label={t('web.desk.pick', { code: d.code })}
                  />
                </td>
              ) : null}
              <td>
                <Link className="code" to={`/mot-cua/ho-so/${d.id}`}>
                  {d.code}
                </Link>
              </td>
              <td>{d.procedure.name}</td>
              <td>{d.applicantName}</td>
              <td>
                <DossierStatusTag status={d.status} />
              </td>
              <td>
                <DueTime dueAt={d.dueAt} timeLeft={d.timeLeft} />
                {d.lateBy ? (
                  <>
                    <br />
                    <LateBy lateBy={d.lateBy} />
                  </>
                ) : null}
                {d.stepDueAt ? (
                  <>
                    <br />
                    <span className="secondary">{t('web.desk.stepDue', { at: moment(d.stepDueAt) })}</span>
                  </>
                ) : null}
              </td>
              <td>
                {d.currentAgencyName ?? d.currentUnitName}
                <br />
                <span className="secondary">{d.assignee?.fullName ?? t('web.oneStop.unassigned')}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
