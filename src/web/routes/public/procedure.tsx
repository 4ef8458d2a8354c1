import { Link, useLoaderData } from 'react-router';
import type { Route } from './+types/procedure';
import { BackLink, PageHeading, SummaryList } from '../../components/page.tsx';
import { load } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { deadlineText } from '../../lib/procedure-facts.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';
import { ProcedureFeeTable } from '../../components/fee-table.tsx';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * One procedure as the public reads it: what it is, who handles it, how far it can be done online, the papers to
 * bring, the fees in VND, the time limit in working days or hours, the result and the legal basis — from the
 * version in force. A procedure never published is NOT_FOUND, as in the API.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { procedures } = context.services;
  const procedure = await load(request, () => procedures.get(params.id));
  const agencyCodes = (procedure.current?.workflowSummary.steps ?? []).flatMap((s) =>
    s.agencyCode ? [s.agencyCode] : [],
  );
  const [agencies, templates] = await Promise.all([
    load(request, () => procedures.agencyNames(agencyCodes)),
    load(request, () => procedures.templates(params.id)),
  ]);
  return { procedure, agencies, templates: templates.map((t) => ({ fileName: t.fileName, size: t.size })) };
}

/**
 * Where a component's template downloads from: an address named in the catalogue as it is, a file name from the
 * procedure's stored templates; null when the name has no file yet (the page then only names it).
 */
function templateHref(procedureId: string, template: string, stored: ReadonlySet<string>): string | null {
  if (/^https?:\/\//i.test(template) || (template.startsWith('/') && !template.startsWith('//'))) {
    return template;
  }
  return stored.has(template) ? `/api/v1/procedures/${procedureId}/templates/${encodeURIComponent(template)}` : null;
}

export default function Procedure() {
  const { procedure: p, agencies, templates } = useLoaderData<typeof loader>();
  const stored = new Set(templates.map((t) => t.fileName));
  const t = useT();
  const tx = useTx();
  const v = p.current;
  return (
    <>
      <BackLink to="/thu-tuc">{t('web.procedure.backToCatalog')}</BackLink>
      <PageHeading title={p.name} caption={t('web.procedure.caption')} />
      {v === null ? (
        <p>{t('web.procedure.notInForce')}</p>
      ) : (
        <>
          <SummaryList
            rows={[
              { key: t('web.procedure.code'), value: <span className="code">{p.code}</span> },
              { key: t('web.procedure.nationalCode'), value: <span className="code">{p.nationalCode}</span> },
              { key: t('web.procedure.field'), value: p.field.name },
              { key: t('web.procedure.decidingLevel'), value: tx(`web.catalog.levels.${v.decidingLevel}`) },
              {
                key: t('web.procedure.receivingLevels'),
                value: v.receivingLevels.map((l) => tx(`web.catalog.levels.${l}`)).join(', '),
              },
              ...(agencies.length > 0 ? [{ key: t('web.procedure.agencies'), value: agencies.join('; ') }] : []),
              { key: t('web.procedure.onlineLevel'), value: tx(`web.catalog.onlineLevels.${v.onlineLevel}`) },
              { key: t('web.procedure.deadline'), value: deadlineText(tx, v.deadline) },
              { key: t('web.procedure.result'), value: v.result.name },
            ]}
          />
          <section aria-labelledby="apply-title" className="measure">
            <h2 id="apply-title" className="visually-hidden">
              {t('web.submission.startButton')}
            </h2>
            {v.onlineLevel === 'none' ? (
              <p>{t('web.submission.counterOnly')}</p>
            ) : (
              <>
                {/* A link to the start page, which asks to sign in first and creates the draft by a POST. */}
                <Link to={`/nop-ho-so/bat-dau/${p.id}`} className="button start-button" role="button" draggable={false}>
                  {t('web.submission.startButton')}
                </Link>
                <p className="hint">{t('web.submission.startHint')}</p>
                <p>
                  <Link to="/nop-ho-so/ban-nhap">{t('web.submission.draftsLink')}</Link>
                </p>
              </>
            )}
          </section>
          <section aria-labelledby="components-title">
            <h2 id="components-title">{t('web.procedure.componentsTitle')}</h2>
            {v.components.length === 0 ? (
              <p>{t('web.procedure.noComponents')}</p>
            ) : (
              <ol className="component-list">
                {v.components.map((c) => (
                  <li key={c.code} className="component-list__item">
                    <p className="component-list__name">{c.name}</p>
                    <p>
                      {t('web.procedure.originals')}: {c.originals} · {t('web.procedure.copies')}: {c.copies} ·{' '}
                      {c.isRequired ? t('web.procedure.required') : t('web.procedure.optionalPart')}
                    </p>
                    {c.templateFile ? (
                      <TemplateLine href={templateHref(p.id, c.templateFile, stored)} fileName={c.templateFile} />
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="fees-title">
            <h2 id="fees-title">{t('web.procedure.feesTitle')}</h2>
            <ProcedureFeeTable fees={v.fees} caption={t('web.procedure.feesTitle')} />
          </section>
          <section aria-labelledby="legal-title">
            <h2 id="legal-title">{t('web.procedure.legalBasisTitle')}</h2>
            <p className="measure pre-line">{v.legalBasis}</p>
          </section>
        </>
      )}
    </>
  );
}

/** The template of a component: a download link naming the file, or only its name while no file is stored. */
function TemplateLine({ href, fileName }: { href: string | null; fileName: string }) {
  const t = useT();
  return (
    <p>
      {t('web.procedure.template')}:{' '}
      {href ? (
        <a href={href} download>
          {t('web.procedure.download')} <span className="code">{fileName}</span>
        </a>
      ) : (
        <>
          <span className="code">{fileName}</span> ({t('web.procedure.templateNotAvailable')})
        </>
      )}
    </p>
  );
}
