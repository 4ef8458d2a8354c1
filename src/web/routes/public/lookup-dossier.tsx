import { Form, Link, data, useLoaderData } from 'react-router';
import type { Route } from './+types/lookup-dossier';
import { DossierStatusTag, useMoment } from '../../components/dossier-tags.tsx';
import { TextField } from '../../components/form.tsx';
import { LookupForm } from '../../components/lookup-form.tsx';
import { PageHeading, SummaryList } from '../../components/page.tsx';
import { isAppError } from '../../../platform/errors.ts';
import { load } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * One dossier as the public sees it (the receipt's QR code opens this page): status, procedure, where it is, its
 * times and history, and nothing personal until the reader proves they are the applicant with four digits.
 * An unknown code answers 404 with the lookup form again. web.ts limits these pages per client address.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const verify = new URL(request.url).searchParams.get('verify')?.trim() ?? '';
  try {
    const answer = await context.services.lookup.dossier(params.code, verify || undefined);
    return { found: true as const, answer, verifyTried: verify !== '' };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') {
      return data({ found: false as const, code: params.code }, { status: 404 });
    }
    return load(request, () => Promise.reject(error));
  }
}

export default function LookupDossier() {
  const result = useLoaderData<typeof loader>();
  const t = useT();
  if (!result.found) {
    return (
      <>
        <PageHeading title={t('web.lookup.notFoundTitle')} />
        <p className="measure" role="status">
          {t('web.lookup.notFound', { code: result.code })}
        </p>
        <LookupForm code={result.code} />
      </>
    );
  }
  return <Found answer={result.answer} verifyTried={result.verifyTried} />;
}

type Answer = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { found: true }>['answer'];

function Found({ answer: a, verifyTried }: { answer: Answer; verifyTried: boolean }) {
  const t = useT();
  const tx = useTx();
  const moment = useMoment();
  const none = t('web.common.none');
  const at = (iso: string | null) => (iso ? moment(iso) : none);
  return (
    <>
      <PageHeading title={a.code} caption={t('web.lookup.caption')} />
      <SummaryList
        rows={[
          { key: t('web.lookup.status'), value: <DossierStatusTag status={a.status} /> },
          { key: t('web.lookup.procedure'), value: a.procedureName },
          { key: t('web.lookup.currentUnit'), value: a.currentUnitName },
          { key: t('web.lookup.receivedAt'), value: at(a.receivedAt) },
          { key: t('web.lookup.dueAt'), value: at(a.dueAt) },
          ...(a.returnedAt ? [{ key: t('web.lookup.returnedAt'), value: at(a.returnedAt) }] : []),
        ]}
      />
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('web.lookup.historyTitle')}</h2>
        {a.history.length === 0 ? (
          <p>{t('web.lookup.noHistory')}</p>
        ) : (
          <ol className="timeline">
            {a.history.map((h, i) => (
              // The history has no ids; its order is fixed (the log's sequence).
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i} className="timeline__item">
                <p>
                  <strong>{tx(`dossierActions.${h.action}`)}</strong> <time dateTime={h.at}>{moment(h.at)}</time>
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
      {a.verified && a.applicant ? (
        <section aria-labelledby="applicant-title">
          <h2 id="applicant-title">{t('web.lookup.verifiedTitle')}</h2>
          <SummaryList
            rows={[
              { key: t('web.lookup.applicantName'), value: a.applicant.fullName },
              { key: t('web.lookup.phone'), value: a.applicant.phone ?? none },
              { key: t('web.lookup.email'), value: a.applicant.email ?? none },
            ]}
          />
        </section>
      ) : (
        <section aria-labelledby="verify-title">
          <h2 id="verify-title">{t('web.lookup.verifyTitle')}</h2>
          <p className="measure">{t('web.lookup.verifyIntro')}</p>
          <Form method="get" className="search-form">
            <TextField
              name="verify"
              label={t('web.lookup.verify')}
              hint={t('web.lookup.verifyHint')}
              state={verifyTried ? { values: {}, errors: { verify: 'web.lookup.verifyFailed' } } : undefined}
              inputMode="numeric"
              autoComplete="off"
              width="short"
              required
            />
            <button type="submit" className="button">
              {t('web.lookup.verifySubmit')}
            </button>
          </Form>
        </section>
      )}
      <p>
        <Link to="/tra-cuu">{t('web.lookup.another')}</Link>
      </p>
    </>
  );
}
