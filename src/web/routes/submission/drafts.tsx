import { Form, Link, redirect, useLoaderData } from 'react-router';
import type { Route } from './+types/drafts';
import { CsrfField } from '../../components/form.tsx';
import { PageHeading, SuccessBanner } from '../../components/page.tsx';
import { load, requireUser } from '../../lib/guards.server.ts';
import { formatDateTime, useLanguage, useT } from '../../lib/i18n.ts';
import { DRAFT_DAYS } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/** The reader's drafts (save and return): each resumes where it was left, or can be deleted. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireUser(context, request);
  const drafts = await load(request, () => context.services.submission.list());
  const search = new URL(request.url).searchParams;
  const saved = drafts.find((d) => d.id === search.get('da-luu'));
  return { drafts, savedUntil: saved?.expiresAt ?? null, removed: search.has('da-xoa') };
}

export async function action({ request, context }: Route.ActionArgs) {
  requireUser(context, request);
  const formData = await request.formData();
  await load(request, () => context.services.submission.remove(String(formData.get('draftId') ?? '')));
  return redirect('/nop-ho-so/ban-nhap?da-xoa=1');
}

export default function Drafts() {
  const { drafts, savedUntil, removed } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <>
      {savedUntil ? (
        <SuccessBanner>
          {t('web.submission.drafts.saved', { date: formatDateTime(language, savedUntil) })}
        </SuccessBanner>
      ) : null}
      {removed ? <SuccessBanner>{t('web.submission.drafts.removed')}</SuccessBanner> : null}
      <PageHeading title={t('web.submission.drafts.title')}>
        <p className="lead">{t('web.submission.drafts.intro', { days: DRAFT_DAYS })}</p>
      </PageHeading>
      {drafts.length === 0 ? (
        <p>{t('web.submission.drafts.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('web.submission.drafts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.submission.drafts.procedure')}</th>
                <th scope="col">{t('web.submission.drafts.updated')}</th>
                <th scope="col">{t('web.submission.drafts.expires')}</th>
                <th scope="col" className="numeric">
                  {t('web.submission.drafts.files')}
                </th>
                <th scope="col">{t('web.common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => (
                <tr key={d.id}>
                  <td>{d.procedureName}</td>
                  <td>{formatDateTime(language, d.updatedAt)}</td>
                  <td>{formatDateTime(language, d.expiresAt)}</td>
                  <td className="numeric">{d.fileCount}</td>
                  <td>
                    <Link to={`/nop-ho-so/${d.id}`}>
                      {t('web.submission.drafts.resume')}
                      <span className="visually-hidden">: {d.procedureName}</span>
                    </Link>{' '}
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="draftId" value={d.id} />
                      <button type="submit" className="link-button">
                        {t('web.submission.drafts.remove')}
                        <span className="visually-hidden">: {d.procedureName}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="/thu-tuc">{t('web.submission.drafts.findProcedure')}</Link>
      </p>
    </>
  );
}
