import { Form, Link, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/procedure';
import { ConfigNotice, withConfigNotice } from '../../components/config-notice.tsx';
import { CsrfField } from '../../components/form.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { VersionContent } from '../../components/procedure-version.tsx';
import { requireProcedureManager } from '../../lib/admin-config.server.ts';
import { load, toRouteError } from '../../lib/guards.server.ts';
import { formatDateTime, useLanguage, useT, useTx } from '../../lib/i18n.ts';
import { isAppError } from '../../../platform/errors.ts';

/**
 * One procedure for its administrators: every version (draft, in force, replaced) with its dates, the content of
 * the version in force with its whole workflow, and "create a new version" (a draft copied from it).
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireProcedureManager(context, request);
  const { procedures, procedureAdmin } = context.services;
  return load(request, async () => {
    const [procedure, manages] = await Promise.all([procedures.get(params.id), procedureAdmin.manages(params.id)]);
    const current =
      procedure.currentVersion === null ? null : await procedureAdmin.version(params.id, procedure.currentVersion);
    const draft = procedure.versions.find((v) => v.status === 'draft')?.version ?? null;
    return { procedure, current, manages, draft };
  });
}

type Answer = { formError: { key: string; params?: Record<string, string | number> } };

/** "Create a new version": the service copies the version in force into a new draft. */
export async function action({ request, context, params }: Route.ActionArgs) {
  requireProcedureManager(context, request);
  try {
    const version = await context.services.procedureAdmin.newVersion(params.id);
    return redirect(withConfigNotice(`/quan-tri/thu-tuc/${params.id}/phien-ban/${version.version}`, 'versionCreated'));
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFLICT') {
      const details = error.details ?? {};
      const key =
        details.reason === 'draft_exists'
          ? 'web.adminConfig.procedures.draftExists'
          : 'web.adminConfig.procedures.nothingToCopy';
      return data<Answer>({ formError: { key, params: { version: Number(details.version ?? 0) } } }, { status: 409 });
    }
    throw toRouteError(error, request);
  }
}

/**
 * When a replaced version stopped applying: publishing a version retires the one in force in the same transaction,
 * so it is the publication time of the next version published after it.
 */
function retiredAt(versions: readonly { version: number; publishedAt: string | null }[], version: number) {
  const later = versions.filter((v) => v.version > version && v.publishedAt !== null);
  later.sort((a, b) => a.version - b.version);
  return later[0]?.publishedAt ?? null;
}

export default function AdminProcedure() {
  const { procedure: p, current, manages, draft } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  return (
    <>
      <BackLink to="/quan-tri/thu-tuc">{t('web.adminConfig.procedures.title')}</BackLink>
      <ConfigNotice />
      {answer ? (
        <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby="refusal-title">
          <h2 id="refusal-title" className="error-summary__title">
            {t('web.forms.errorSummaryTitle')}
          </h2>
          <p>{tx(answer.formError.key, answer.formError.params)}</p>
        </div>
      ) : null}
      <PageHeading title={p.name} caption={`${t('web.adminConfig.procedures.caption')} · ${p.code}`} />
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t('web.adminConfig.procedures.versionsTitle')}</h2>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('web.adminConfig.procedures.versionsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.adminConfig.procedures.version')}</th>
                <th scope="col">{t('web.adminConfig.procedures.status')}</th>
                <th scope="col">{t('web.adminConfig.procedures.publishedAt')}</th>
                <th scope="col">{t('web.adminConfig.procedures.retiredAt')}</th>
              </tr>
            </thead>
            <tbody>
              {p.versions.map((v) => (
                <tr key={v.version}>
                  <td>
                    <Link
                      to={`/quan-tri/thu-tuc/${p.id}/phien-ban/${v.version}`}
                      aria-label={t('web.adminConfig.procedures.view', { version: v.version })}
                    >
                      {v.version}
                    </Link>
                  </td>
                  <td>
                    <span
                      className={`tag ${v.status === 'published' ? 'tag--blue' : v.status === 'draft' ? 'tag--yellow' : 'tag--grey'}`}
                    >
                      {tx(`web.adminConfig.procedures.statuses.${v.status}`)}
                    </span>
                  </td>
                  <td>{v.publishedAt ? formatDateTime(language, v.publishedAt) : t('web.common.none')}</td>
                  <td>{v.status === 'retired' ? formatDateTime(language, retiredAt(p.versions, v.version)) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {manages && draft !== null ? (
          <p>
            {t('web.adminConfig.procedures.draftOpen', { version: draft })}{' '}
            <Link className="button button--secondary" to={`/quan-tri/thu-tuc/${p.id}/phien-ban/${draft}`}>
              {t('web.adminConfig.procedures.editDraft', { version: draft })}
            </Link>
          </p>
        ) : null}
        {manages && draft === null && current ? (
          <Form method="post" action={`/quan-tri/thu-tuc/${p.id}`}>
            <CsrfField />
            <p className="hint">{t('web.adminConfig.procedures.newVersionHint')}</p>
            <button type="submit" className="button" name="intent" value="newVersion">
              {t('web.adminConfig.procedures.newVersion')}
            </button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="current-title">
        <h2 id="current-title">
          {current
            ? t('web.adminConfig.procedures.currentTitle', { version: current.version })
            : t('web.adminConfig.procedures.noCurrent')}
        </h2>
        {current ? <VersionContent version={current} headingLevel={3} /> : null}
      </section>
    </>
  );
}
