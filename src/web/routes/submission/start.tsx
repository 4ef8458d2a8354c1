import { Form, Link, data, redirect, useLoaderData } from 'react-router';
import type { Route } from './+types/start';
import { CsrfField } from '../../components/form.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { type RouteErrorData, load, requireUser } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { DRAFT_DAYS, resumePath } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * The start of an online submission (GOV.UK start page): what the reader will need, that the answers are saved as a
 * draft, and "Bắt đầu", which creates the draft (a POST: a GET never changes anything).
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const actor = requireUser(context, request);
  if (actor.userKind === 'staff') throw data({ code: 'FORBIDDEN' } satisfies RouteErrorData, { status: 403 });
  const procedure = await load(request, () => context.services.procedures.get(params.procedureId));
  const v = procedure.current;
  if (!v || v.onlineLevel === 'none')
    throw data({ code: 'PROCEDURE_NOT_OFFERED' } satisfies RouteErrorData, { status: 422 });
  return {
    emailVerified: await context.services.submission.emailVerified(),
    procedure: { id: procedure.id, name: procedure.name },
    components: v.components.map((c) => ({ code: c.code, name: c.name, isRequired: c.isRequired })),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  requireUser(context, request);
  const draft = await load(request, () => context.services.submission.start(params.procedureId));
  return redirect(resumePath(draft));
}

export default function Start() {
  const { emailVerified, procedure, components } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <BackLink to={`/thu-tuc/${procedure.id}`}>{procedure.name}</BackLink>
      <PageHeading title={t('web.submission.start.title')} caption={procedure.name} />
      <div className="measure">
        <p>{t('web.submission.start.need')}</p>
        <ul>
          <li>{t('web.submission.start.needPeople')}</li>
          <li>
            {t('web.submission.start.needFiles')}
            <ul>
              {components.map((c) => (
                <li key={c.code}>
                  {c.name}
                  {c.isRequired ? '' : ` ${t('web.common.optional')}`}
                </li>
              ))}
            </ul>
          </li>
        </ul>
        <p>{t('web.submission.start.saved', { days: DRAFT_DAYS })}</p>
        {emailVerified ? (
          <Form method="post">
            <CsrfField />
            <button type="submit" className="button start-button">
              {t('web.submission.start.button')}
            </button>
          </Form>
        ) : (
          <div className="inset" role="note">
            <p className="no-top">{t('web.submission.start.verifyFirst')}</p>
            <p>
              <Link to="/xac-minh-email">{t('web.submission.start.verifyLink')}</Link>
            </p>
          </div>
        )}
        <p>
          <Link to="/nop-ho-so/ban-nhap">{t('web.submission.draftsLink')}</Link>
        </p>
      </div>
    </>
  );
}
