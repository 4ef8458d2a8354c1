import { Form, Link, redirect, data, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/receive';
import { ComponentFields, FeeChecklist } from '../../components/counter-parts.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../components/form.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { counterBodyOf, refusedCounter } from '../../lib/counter-form.server.ts';
import { load, requireStaff } from '../../lib/guards.server.ts';
import type { FormState } from '../../lib/forms.ts';
import { useT } from '../../lib/i18n.ts';

/**
 * Reception at the counter, in two steps on one page: a GET form chooses the desk and the procedure (so the choice
 * has its own address), then the POST form takes the applicant, the components (files, or the paper handed in)
 * and whether the fees were paid. Accepted at once: the officer lands on the dossier with its receipt to print.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireStaff(context, request);
  const { dossiers } = context.services;
  const params = new URL(request.url).searchParams;
  const units = await load(request, () => dossiers.counterUnits());
  const unit = units.find((u) => u.id === params.get('unitId')) ?? units[0];
  if (!unit) {
    return { units, unitId: null, q: '', who: '', applicant: null, procedures: [], procedure: null };
  }
  const q = params.get('q')?.trim() ?? '';
  const procedures = await load(request, () => dossiers.counterProcedures(unit, q || undefined));
  const chosen = procedures.find((p) => p.id === params.get('procedureId'));
  const procedure = chosen ? await load(request, () => dossiers.procedure(chosen.id)) : null;
  const who = params.get('nguoiNop')?.trim() ?? '';
  const applicant = procedure && who ? await findApplicant(dossiers, unit.id, who) : null;
  return {
    units: units.map((u) => ({ value: u.id, label: u.name })),
    unitId: unit.id,
    q,
    who,
    applicant,
    procedures: procedures.map((p) => ({ value: p.id, label: p.name })),
    procedure: procedure?.current
      ? {
          id: procedure.id,
          name: procedure.name,
          components: procedure.current.components,
          fees: procedure.current.fees,
        }
      : null,
  };
}

/**
 * The account behind the number the applicant gives, as the form's starting values; `missing` when there is none
 * (the officer types the person in) and `invalid` when the number is neither a personal ID nor a tax code.
 */
async function findApplicant(
  dossiers: Route.LoaderArgs['context']['services']['dossiers'],
  receivingUnitId: string,
  identifier: string,
): Promise<{ found: FormState['values'] | null; outcome: 'found' | 'missing' | 'invalid' }> {
  if (!/^(\d{12}|\d{10}(-\d{3})?)$/.test(identifier)) {
    return { found: null, outcome: 'invalid' };
  }
  const account = await dossiers.findApplicant({ receivingUnitId, identifier });
  if (!account) {
    return { found: null, outcome: 'missing' };
  }
  const found: FormState['values'] = {
    kind: account.kind,
    fullName: account.fullName,
    applicantUserId: account.userId,
  };
  for (const key of ['personalId', 'taxCode', 'phone', 'email', 'address'] as const) {
    const value = account[key];
    if (value) found[key] = value;
  }
  return { found, outcome: 'found' };
}

export async function action({ request, context }: Route.ActionArgs) {
  requireStaff(context, request);
  const { dossiers } = context.services;
  const formData = await request.formData();
  const procedure = await load(request, () => dossiers.procedure(String(formData.get('procedureId') ?? '')));
  const form = await counterBodyOf(formData, procedure.current?.components ?? [], procedure.current?.fees ?? []);
  try {
    const dossier = await dossiers.receive(form.body);
    return redirect(`/mot-cua/ho-so/${dossier.id}?tiep-nhan=1`);
  } catch (error) {
    const refused = refusedCounter(error, request, form.values, form.componentCodes);
    return data<FormState>(refused.state, { status: refused.status });
  }
}

export default function Receive() {
  const { units, unitId, q, who, applicant, procedures, procedure } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  // After a refused post the officer's own input; before, what the applicant's account says.
  const state: FormState | undefined =
    posted ?? (applicant?.found ? { values: applicant.found, errors: {} } : undefined);
  const t = useT();
  const optional = t('web.common.optional');
  if (!unitId) {
    return (
      <>
        <BackLink to="/mot-cua">{t('web.oneStop.title')}</BackLink>
        <PageHeading title={t('web.oneStop.receive.title')} />
        <p>{t('web.oneStop.receive.noDesk')}</p>
      </>
    );
  }
  return (
    <>
      <BackLink to="/mot-cua">{t('web.oneStop.title')}</BackLink>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.oneStop.receive.title')}>
        <p className="lead measure">{t('web.oneStop.receive.intro')}</p>
      </PageHeading>
      <section aria-labelledby="choose-title" className="search-form">
        <h2 id="choose-title">{t('web.oneStop.receive.chooseTitle')}</h2>
        <Form method="get" role="search" aria-labelledby="choose-title">
          {units.length > 1 ? (
            <SelectField name="unitId" label={t('web.oneStop.receive.unit')} options={units} defaultValue={unitId} />
          ) : (
            <input type="hidden" name="unitId" value={unitId} />
          )}
          <TextField
            name="q"
            type="search"
            label={t('web.oneStop.receive.procedureQ')}
            defaultValue={q}
            width="medium"
          />
          <button type="submit" className="button button--secondary">
            {t('web.common.search')}
          </button>
        </Form>
        {procedures.length === 0 ? (
          <p>{t('web.oneStop.receive.noProcedures')}</p>
        ) : (
          <Form method="get">
            <input type="hidden" name="unitId" value={unitId} />
            {q ? <input type="hidden" name="q" value={q} /> : null}
            <SelectField
              name="procedureId"
              label={t('web.oneStop.receive.procedure')}
              options={procedures}
              emptyOption={t('web.oneStop.receive.chooseProcedure')}
              defaultValue={procedure?.id ?? ''}
            />
            <button type="submit" className="button">
              {t('web.oneStop.receive.choose')}
            </button>
          </Form>
        )}
      </section>
      {procedure ? (
        <section aria-labelledby="who-title" className="search-form">
          <h2 id="who-title">{t('web.oneStop.receive.findTitle')}</h2>
          <Form method="get" role="search" aria-labelledby="who-title">
            <input type="hidden" name="unitId" value={unitId} />
            {q ? <input type="hidden" name="q" value={q} /> : null}
            <input type="hidden" name="procedureId" value={procedure.id} />
            <TextField
              name="nguoiNop"
              label={t('web.oneStop.receive.findLabel')}
              hint={t('web.oneStop.receive.findHint')}
              defaultValue={who}
              inputMode="numeric"
              autoComplete="off"
              width="medium"
            />
            <button type="submit" className="button button--secondary">
              {t('web.oneStop.receive.find')}
            </button>
          </Form>
          {applicant ? (
            <p role="status" className={applicant.outcome === 'invalid' ? 'error-message' : undefined}>
              {applicant.outcome === 'found'
                ? t('web.oneStop.receive.found', { name: applicant.found?.fullName ?? '' })
                : applicant.outcome === 'missing'
                  ? t('web.oneStop.receive.notFound')
                  : t('web.oneStop.receive.findInvalid')}
            </p>
          ) : null}
        </section>
      ) : null}
      {procedure ? (
        <Form
          method="post"
          encType="multipart/form-data"
          noValidate
          className="measure"
          key={`${procedure.id}:${state?.values.applicantUserId ?? ''}`}
        >
          <h2>{procedure.name}</h2>
          <CsrfField />
          <input type="hidden" name="procedureId" value={procedure.id} />
          <input type="hidden" name="receivingUnitId" value={unitId} />
          {state?.values.applicantUserId ? (
            <input type="hidden" name="applicantUserId" value={state.values.applicantUserId} />
          ) : null}
          <fieldset>
            <legend>{t('web.oneStop.receive.applicantTitle')}</legend>
            <SelectField
              name="kind"
              label={t('web.oneStop.receive.kind')}
              options={[
                { value: 'citizen', label: t('web.oneStop.receive.kindCitizen') },
                { value: 'business', label: t('web.oneStop.receive.kindBusiness') },
              ]}
              state={state}
            />
            <TextField name="fullName" label={t('web.oneStop.receive.fullName')} state={state} autoComplete="off" />
            <TextField
              name="personalId"
              label={t('web.oneStop.receive.personalId')}
              hint={t('web.oneStop.receive.idHint')}
              state={state}
              inputMode="numeric"
              autoComplete="off"
              width="medium"
            />
            <TextField
              name="taxCode"
              label={`${t('web.oneStop.receive.taxCode')} ${optional}`}
              state={state}
              autoComplete="off"
              width="medium"
            />
            <TextField
              name="phone"
              type="tel"
              label={`${t('web.oneStop.receive.phone')} ${optional}`}
              state={state}
              autoComplete="off"
              width="medium"
            />
            <TextField
              name="email"
              type="email"
              label={`${t('web.oneStop.receive.email')} ${optional}`}
              state={state}
              autoComplete="off"
              spellCheck={false}
            />
            <TextField
              name="address"
              label={`${t('web.oneStop.receive.address')} ${optional}`}
              state={state}
              autoComplete="off"
            />
          </fieldset>
          <ComponentFields components={procedure.components} state={state} />
          <FeeChecklist fees={procedure.fees} defaultPaid={state ? state.values.feesPaid === 'true' : false} />
          <TextField name="note" label={`${t('web.oneStop.receive.note')} ${optional}`} state={state} />
          <div className="button-group">
            <button type="submit" className="button">
              {t('web.oneStop.receive.submit')}
            </button>
            <Link to="/mot-cua">{t('web.common.cancel')}</Link>
          </div>
        </Form>
      ) : null}
    </>
  );
}
