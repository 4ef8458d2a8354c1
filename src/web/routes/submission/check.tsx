import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/check';
import { CsrfField, ErrorSummary } from '../../components/form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { CheckList, SubmissionBack } from '../../components/submission.tsx';
import { useMoney } from '../../components/dossier-parts.tsx';
import { ERROR_CODES, isAppError } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { issuePaths } from '../../lib/dossier-forms.server.ts';
import { load, signInUrl } from '../../lib/guards.server.ts';
import type { FormState } from '../../lib/forms.ts';
import { useT } from '../../lib/i18n.ts';
import { loadDraft } from '../../lib/submission-form.server.ts';
import { CHECK_PAGE, RETURN_PARAM, draftPath, flowPages, previousPath, resumePath } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * Check answers: everything the reader gave, each with a "Thay đổi" link back to its page (which returns here), the
 * fees, a declaration, and the explicit "Đồng ý và gửi hồ sơ". Submitting consumes the draft once: a double click
 * or a retry lands on the same dossier.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  // Only a finished draft is checked; otherwise the reader goes to the first page still open.
  if (flowPages(draft).some((p) => !p.done)) throw redirect(resumePath(draft));
  const { submission } = context.services;
  const [units, account] = await Promise.all([
    load(request, () => submission.receivingUnits(draft.id)),
    load(request, () => submission.prefill()),
  ]);
  return {
    draft,
    business: account.kind === 'business',
    unitName: units.find((u) => u.id === draft.answers.receivingUnitId)?.name ?? '',
    back: previousPath(draft, CHECK_PAGE),
  };
}

/** Where a refusal of the dossier service points: the page to change. */
function problemOf(path: string): string {
  if (path.startsWith('applicant')) return 'applicant';
  if (path.startsWith('onBehalfOf')) return 'owner';
  if (path.startsWith('receivingUnitId')) return 'place';
  return 'components';
}

const PROBLEM_MESSAGES: Record<string, MessageKey> = {
  applicant: 'web.submission.check.applicantError',
  owner: 'web.submission.check.ownerError',
  place: 'web.submission.check.placeError',
  components: 'web.submission.check.componentsError',
};

export async function action({ request, context, params }: Route.ActionArgs) {
  await loadDraft(context, request, params.draftId);
  try {
    await context.services.submission.submit(params.draftId);
    return redirect(draftPath(params.draftId, 'da-nop'));
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'UNAUTHENTICATED') throw redirect(signInUrl(request));
    const status = ERROR_CODES[error.code].status;
    const errors: Record<string, MessageKey> = {};
    for (const path of issuePaths(error)) {
      const problem = problemOf(path);
      errors[problem] = PROBLEM_MESSAGES[problem] as MessageKey;
    }
    const formError = Object.keys(errors).length === 0 ? { key: `errors.${error.code}` } : undefined;
    return data<FormState>({ values: {}, errors, ...(formError ? { formError } : {}) }, { status });
  }
}

export default function Check() {
  const { draft, business, unitName, back } = useLoaderData<typeof loader>();
  const state = useActionData<FormState>();
  const t = useT();
  const money = useMoney();
  const a = draft.answers;
  const change = (page: string) => `${draftPath(draft.id, page)}?${RETURN_PARAM}=${CHECK_PAGE}`;
  const none = t('web.submission.check.notGiven');
  const applicant = a.applicant;
  const owner = a.owner;
  return (
    <>
      <SubmissionBack to={back} />
      <ErrorSummary state={state} />
      <PageHeading title={t('web.submission.check.title')} caption={draft.procedure.name} />
      <h2 id="f-applicant">{t('web.submission.check.applicantTitle')}</h2>
      <CheckList
        rows={[
          {
            key: t('web.submission.check.who'),
            value: t(`web.submission.who.${a.applyingAs ?? 'self'}`),
            href: change('nguoi-nop'),
          },
          {
            key: t(business ? 'web.submission.applicant.businessName' : 'web.submission.applicant.fullName'),
            value: applicant?.fullName,
            href: change('thong-tin'),
          },
          business
            ? {
                key: t('web.submission.applicant.taxCode'),
                value: applicant?.taxCode ?? none,
                href: change('thong-tin'),
              }
            : {
                key: t('web.submission.applicant.personalId'),
                value: applicant?.personalId ?? none,
                href: change('thong-tin'),
              },
          { key: t('web.submission.applicant.phone'), value: applicant?.phone ?? none, href: change('thong-tin') },
          { key: t('web.submission.applicant.email'), value: applicant?.email ?? none, href: change('thong-tin') },
          { key: t('web.submission.applicant.address'), value: applicant?.address, href: change('thong-tin') },
        ]}
      />
      {owner ? (
        <>
          <h2 id="f-owner">{t('web.submission.check.ownerTitle')}</h2>
          <CheckList
            rows={
              a.applyingAs === 'business'
                ? [
                    { key: t('web.submission.owner.businessName'), value: owner.fullName, href: change('chu-ho-so') },
                    { key: t('web.submission.owner.taxCode'), value: owner.taxCode ?? none, href: change('chu-ho-so') },
                    { key: t('web.submission.owner.role'), value: owner.relation ?? none, href: change('chu-ho-so') },
                  ]
                : [
                    { key: t('web.submission.owner.fullName'), value: owner.fullName, href: change('chu-ho-so') },
                    {
                      key: t('web.submission.owner.personalId'),
                      value: owner.personalId ?? none,
                      href: change('chu-ho-so'),
                    },
                    {
                      key: t('web.submission.owner.relation'),
                      value: owner.relation ?? none,
                      href: change('chu-ho-so'),
                    },
                  ]
            }
          />
        </>
      ) : null}
      <h2 id="f-place">{t('web.submission.check.placeTitle')}</h2>
      <CheckList rows={[{ key: t('web.submission.place.label'), value: unitName, href: change('noi-nop') }]} />
      <h2 id="f-components">{t('web.submission.check.filesTitle')}</h2>
      <CheckList
        rows={draft.procedure.components.map((c) => {
          const files = draft.files.filter((f) => f.componentCode === c.code);
          return {
            key: c.name,
            value:
              files.length > 0 ? (
                <ul className="plain-list">
                  {files.map((f) => (
                    <li key={f.id}>{f.filename}</li>
                  ))}
                </ul>
              ) : (
                t(c.isRequired ? 'web.submission.check.noFile' : 'web.submission.check.notProvided')
              ),
            href: change(`giay-to/${c.code}`),
          };
        })}
      />
      <h2>{t('web.submission.check.feesTitle')}</h2>
      {draft.procedure.fees.length === 0 ? (
        <p>{t('web.submission.check.noFees')}</p>
      ) : (
        <CheckList
          rows={draft.procedure.fees.map((f) => ({
            key: f.name,
            value: f.amount > 0 ? money(f.amount) : t('web.catalog.free'),
          }))}
        />
      )}
      <h2>{t('web.submission.check.sendTitle')}</h2>
      <p className="measure">{t('web.submission.check.declaration')}</p>
      <Form method="post">
        <CsrfField />
        <button type="submit" className="button">
          {t('web.submission.check.submit')}
        </button>
      </Form>
    </>
  );
}
