import type { TProcedureVersion } from '../../modules/procedures/procedures.schema.ts';
import { SummaryList } from './page.tsx';
import { formatDateTime, useLanguage, useT, useTx } from '../lib/i18n.ts';
import { deadlineText } from '../lib/procedure-facts.ts';
import { ProcedureFeeTable } from './fee-table.tsx';

type Duration = { workingDays: number } | { workingHours: number };

/** A step's time in words, halves written the reader's way (`1,5 ngày làm việc`). */
export function useDurationText(): (duration: Duration) => string {
  const tx = useTx();
  const language = useLanguage();
  return (duration) => {
    const value = 'workingDays' in duration ? duration.workingDays : duration.workingHours;
    const count = language === 'vi' ? String(value).replace('.', ',') : String(value);
    return tx('workingDays' in duration ? 'web.catalog.workingDays' : 'web.catalog.workingHours', { count });
  };
}

/**
 * A procedure version as administrators read it: its facts, the required documents, the fees in VND and the whole
 * workflow as a table (who acts where, for how long, and where each step may lead).
 */
export function VersionContent({ version: v, headingLevel = 2 }: { version: TProcedureVersion; headingLevel?: 2 | 3 }) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const duration = useDurationText();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const names = new Map(v.workflow.steps.map((s) => [s.id, s.name]));
  return (
    <>
      <SummaryList
        rows={[
          { key: t('web.adminConfig.procedures.status'), value: tx(`web.adminConfig.procedures.statuses.${v.status}`) },
          { key: t('web.adminConfig.procedures.deadline'), value: deadlineText(tx, v.deadline) },
          { key: t('web.procedure.decidingLevel'), value: tx(`web.catalog.levels.${v.decidingLevel}`) },
          {
            key: t('web.procedure.receivingLevels'),
            value: v.receivingLevels.map((l) => tx(`web.catalog.levels.${l}`)).join(', '),
          },
          { key: t('web.procedure.onlineLevel'), value: tx(`web.catalog.onlineLevels.${v.onlineLevel}`) },
          { key: t('web.procedure.result'), value: v.result.name },
          {
            key: t('web.adminConfig.procedures.publishedAt'),
            value: v.publishedAt ? formatDateTime(language, v.publishedAt) : t('web.common.none'),
          },
          { key: t('web.adminConfig.procedures.updatedAt'), value: formatDateTime(language, v.updatedAt) },
        ]}
      />
      <section aria-labelledby={`components-${v.version}`}>
        <H id={`components-${v.version}`}>{t('web.adminConfig.procedures.componentsTitle')}</H>
        {v.components.length === 0 ? (
          <p>{t('web.procedure.noComponents')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('web.adminConfig.procedures.componentsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('web.adminConfig.procedures.componentName')}</th>
                  <th scope="col">{t('web.adminConfig.procedures.originals')}</th>
                  <th scope="col">{t('web.adminConfig.procedures.copies')}</th>
                  <th scope="col">{t('web.adminConfig.procedures.required')}</th>
                </tr>
              </thead>
              <tbody>
                {v.components.map((c) => (
                  <tr key={c.code}>
                    <td>{c.name}</td>
                    <td>{c.originals}</td>
                    <td>{c.copies}</td>
                    <td>{c.isRequired ? t('web.common.yes') : t('web.common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby={`fees-${v.version}`}>
        <H id={`fees-${v.version}`}>{t('web.adminConfig.procedures.feesTitle')}</H>
        <ProcedureFeeTable fees={v.fees} caption={t('web.adminConfig.procedures.feesTitle')} />
      </section>
      <section aria-labelledby={`workflow-${v.version}`}>
        <H id={`workflow-${v.version}`}>{t('web.adminConfig.procedures.workflowTitle')}</H>
        <p>
          {t('web.adminConfig.procedures.mainPath', {
            steps: v.workflowSummary.steps.map((s) => s.name).join(' → '),
          })}
        </p>
        {/* Wide on a phone: the wrapper scrolls, so keyboard users must be able to focus it (WCAG 2.1.1). */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region has to take the focus to be scrolled by keyboard */}
        <section className="table-wrap" tabIndex={0} aria-labelledby={`workflow-${v.version}`}>
          <table className="table">
            <caption className="visually-hidden">{t('web.adminConfig.procedures.workflowTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.adminConfig.procedures.stepNo')}</th>
                <th scope="col">{t('web.adminConfig.procedures.stepName')}</th>
                <th scope="col">{t('web.adminConfig.procedures.stepRole')}</th>
                <th scope="col">{t('web.adminConfig.procedures.stepAt')}</th>
                <th scope="col">{t('web.adminConfig.procedures.stepDuration')}</th>
                <th scope="col">{t('web.adminConfig.procedures.stepNext')}</th>
              </tr>
            </thead>
            <tbody>
              {v.workflow.steps.map((s, i) => (
                <tr key={s.id}>
                  <td>{i + 1}</td>
                  <td>
                    {s.name}
                    <br />
                    <span className="code">{s.id}</span> · {tx(`web.adminConfig.procedures.kinds.${s.kind}`)}
                  </td>
                  <td>{tx(`roles.${s.actor.role}`)}</td>
                  <td>
                    {tx(`web.adminConfig.procedures.places.${s.actor.at}`)}
                    {s.actor.agencyKind ? ` · ${tx(`agencyKinds.${s.actor.agencyKind}`)}` : ''}
                    {s.actor.agencyCode ? ` · ${s.actor.agencyCode}` : ''}
                  </td>
                  <td>{duration(s.duration)}</td>
                  <td>
                    {s.transitions.length === 0 ? (
                      t('web.adminConfig.procedures.noNext')
                    ) : (
                      <ul className="plain-list">
                        {s.transitions.map((tr) => (
                          <li key={`${tr.action}-${tr.to}`}>
                            {tx(`web.adminConfig.actions.${tr.action}`)} → {names.get(tr.to) ?? tr.to}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>
    </>
  );
}
