import { Form, Link, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/procedure-version';
import { ConfigNotice, withConfigNotice } from '../../components/config-notice.tsx';
import { DraftFacts, ProblemSummary, type ShownProblem } from '../../components/draft-editor.tsx';
import { CsrfField } from '../../components/form.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { VersionContent } from '../../components/procedure-version.tsx';
import { WorkflowEditor } from '../../components/workflow-editor.tsx';
import { requireProcedureManager } from '../../lib/admin-config.server.ts';
import { load, toRouteError } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { type DraftForm, bodyFromForm, editDraft, formFromBody, formFromData } from '../../lib/procedure-draft.ts';
import { describeIssues, issuesOf } from '../../lib/procedure-problems.server.ts';
import type { TProcedureVersion, TVersionBody } from '../../../modules/procedures/procedures.schema.ts';
import { isAppError } from '../../../platform/errors.ts';
import { translate } from '../../../platform/i18n/index.ts';

/**
 * One version of a procedure. A published or replaced version is shown read-only; a draft is edited here: the
 * deadline, fees, documents and the workflow step by step (add/remove buttons post and re-render, so no script is
 * needed), or the workflow as JSON. Saving goes through the procedures service, whose typed validator refuses a
 * workflow the engine could not run; the refusal is listed in Vietnamese, step by step, and nothing is saved.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireProcedureManager(context, request);
  const { procedures, procedureAdmin } = context.services;
  return load(request, async () => {
    const [procedure, version, manages] = await Promise.all([
      procedures.get(params.id),
      procedureAdmin.version(params.id, params.version),
      procedureAdmin.manages(params.id),
    ]);
    return { procedure, version, editable: manages && version.status === 'draft' };
  });
}

/** What the service stores for a version (the read model carries more). */
function bodyOf(v: TProcedureVersion): TVersionBody {
  return {
    decidingLevel: v.decidingLevel,
    receivingLevels: v.receivingLevels,
    onlineLevel: v.onlineLevel,
    deadline: v.deadline,
    result: v.result,
    legalBasis: v.legalBasis,
    fees: v.fees,
    components: v.components,
    workflow: v.workflow,
  };
}

type Answer = {
  /** Changes on every answer, so the re-rendered fields show the answer's values, not stale ones. */
  revision: string;
  form: DraftForm;
  json?: string;
  problems: ShownProblem[];
  title?: string;
};

export async function action({ request, context, params }: Route.ActionArgs) {
  requireProcedureManager(context, request);
  const { procedureAdmin } = context.services;
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const tr = (key: string, p?: Record<string, string | number>) => translate(context.language, key, p);
  const here = `/quan-tri/thu-tuc/${params.id}/phien-ban/${params.version}`;
  const stored = await load(request, () => procedureAdmin.version(params.id, params.version));
  const answer = (form: DraftForm, problems: ShownProblem[], extra: Partial<Answer> = {}, status = 400) =>
    data<Answer>(
      {
        revision: crypto.randomUUID(),
        form,
        problems,
        title: tr(
          intent === 'publish' ? 'web.adminConfig.procedures.notPublished' : 'web.adminConfig.procedures.notSaved',
          { count: problems.length },
        ),
        ...extra,
      },
      { status },
    );
  const refused = (error: unknown, form: DraftForm, body: TVersionBody, extra: Partial<Answer> = {}) => {
    const issues = issuesOf(error);
    if (issues) return answer(form, describeIssues(issues, body, context.language), extra);
    if (isAppError(error) && error.code === 'CONFLICT') {
      return answer(form, [{ anchor: 'draft-form', text: tr('web.adminConfig.procedures.notDraft') }], extra, 409);
    }
    throw toRouteError(error, request);
  };

  if (intent === 'publish') {
    try {
      await procedureAdmin.publish(params.id, params.version);
      return redirect(withConfigNotice(`/quan-tri/thu-tuc/${params.id}`, 'published'));
    } catch (error) {
      return refused(error, formFromBody(stored), bodyOf(stored));
    }
  }
  if (intent === 'saveJson') {
    const json = String(formData.get('workflowJson') ?? '');
    let workflow: unknown;
    try {
      workflow = JSON.parse(json);
    } catch {
      const problem = { anchor: 'f-workflowJson', text: tr('web.adminConfig.procedures.jsonInvalid') };
      return answer(formFromBody(stored), [problem], { json });
    }
    const body = { ...bodyOf(stored), workflow } as TVersionBody;
    let form: DraftForm;
    try {
      form = formFromBody(body);
    } catch {
      // Not shaped like a workflow at all: the service's schema will say what is wrong.
      form = formFromBody(stored);
    }
    try {
      await procedureAdmin.saveDraft(params.id, params.version, body);
      return redirect(withConfigNotice(here, 'draftSaved'));
    } catch (error) {
      return refused(error, form, body, { json });
    }
  }

  const form = formFromData(formData);
  const edited = editDraft(form, intent);
  if (edited) {
    return answer(edited, [], {}, 200);
  }
  const { body, issues } = bodyFromForm(form, bodyOf(stored));
  if (issues.length > 0) {
    return answer(form, describeIssues(issues, body, context.language));
  }
  try {
    await procedureAdmin.saveDraft(params.id, params.version, body);
    return redirect(withConfigNotice(here, 'draftSaved'));
  } catch (error) {
    return refused(error, form, body);
  }
}

export default function ProcedureVersionPage() {
  const { procedure: p, version: v, editable } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const form = answer?.form ?? formFromBody(v);
  const problems = answer?.problems ?? [];
  // Posts go to the page without the confirmation that may be in its address.
  const here = `/quan-tri/thu-tuc/${p.id}/phien-ban/${v.version}`;
  return (
    <>
      <BackLink to={`/quan-tri/thu-tuc/${p.id}`}>{p.name}</BackLink>
      <ConfigNotice />
      <ProblemSummary title={answer?.title ?? ''} problems={problems} />
      <PageHeading title={t('web.adminConfig.procedures.versionTitle', { version: v.version })} caption={p.name} />
      {!editable ? (
        <VersionContent version={v} />
      ) : (
        <>
          <p className="measure">{t('web.adminConfig.procedures.draftIntro')}</p>
          <Form method="post" action={here} id="draft-form" noValidate key={answer?.revision ?? 'stored'}>
            <CsrfField />
            {/* First in the form, so pressing Enter in a field saves rather than pressing a remove button. */}
            <p>
              <button type="submit" className="button" name="intent" value="save">
                {t('web.adminConfig.procedures.save')}
              </button>
            </p>
            <DraftFacts form={form} />
            <WorkflowEditor form={form} problems={problems} />
            <div className="button-group">
              <button type="submit" className="button" name="intent" value="save">
                {t('web.adminConfig.procedures.save')}
              </button>
              <Link to={`/quan-tri/thu-tuc/${p.id}`}>{t('web.common.cancel')}</Link>
            </div>
          </Form>
          <details className="inset" open={answer?.json !== undefined}>
            <summary>{t('web.adminConfig.procedures.jsonTitle')}</summary>
            <Form method="post" action={here} key={`json-${answer?.revision ?? 'stored'}`}>
              <CsrfField />
              <div className="field">
                <label className="label" htmlFor="f-workflowJson">
                  {t('web.adminConfig.procedures.jsonLabel')}
                </label>
                <p className="hint" id="f-workflowJson-hint">
                  {t('web.adminConfig.procedures.jsonHint')}
                </p>
                <textarea
                  className="input textarea"
                  id="f-workflowJson"
                  name="workflowJson"
                  rows={16}
                  spellCheck={false}
                  aria-describedby="f-workflowJson-hint"
                  defaultValue={answer?.json ?? JSON.stringify(v.workflow, null, 2)}
                />
              </div>
              <button type="submit" className="button button--secondary" name="intent" value="saveJson">
                {t('web.adminConfig.procedures.jsonSave')}
              </button>
            </Form>
          </details>
          <section aria-labelledby="publish-title">
            <h2 id="publish-title">{t('web.adminConfig.procedures.publish', { version: v.version })}</h2>
            <p className="measure">{t('web.adminConfig.procedures.publishHint')}</p>
            <Form method="post" action={here}>
              <CsrfField />
              <button type="submit" className="button button--warning" name="intent" value="publish">
                {t('web.adminConfig.procedures.publish', { version: v.version })}
              </button>
            </Form>
          </section>
        </>
      )}
    </>
  );
}
