import { useEffect, useRef } from 'react';
import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/component';
import { CsrfField } from '../../components/form.tsx';
import { PageHeading, SuccessBanner } from '../../components/page.tsx';
import { FileProblemSummary, SubmissionBack } from '../../components/submission.tsx';
import type { RouteErrorData } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import {
  type FileProblem,
  afterSave,
  chosenFiles,
  fileProblems,
  isReturning,
  loadDraft,
  saveAndContinue,
} from '../../lib/submission-form.server.ts';
import { CHECK_PAGE, RETURN_PARAM, draftPath, previousPath } from '../../lib/submission-flow.ts';
import { enhanceUploads } from '../../lib/upload-progress.ts';

/**
 * One dossier component: the files uploaded so far (each removable) and a file input. "Tải lên" keeps the reader
 * here; "Tiếp tục" uploads what is chosen and goes on (a required component needs a file). Files go to the blob
 * store at once, so the draft holds them. A multipart form that works without JavaScript; with it, an upload
 * shows its progress.
 */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

type UploadAnswer = { problems: FileProblem[] };

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  const components = draft.procedure.components;
  const index = components.findIndex((c) => c.code === params.code);
  const component = components[index];
  if (!component) throw data({ code: 'NOT_FOUND' } satisfies RouteErrorData, { status: 404 });
  const search = new URL(request.url).searchParams;
  const page = `giay-to/${component.code}`;
  return {
    procedureName: draft.procedure.name,
    component,
    n: index + 1,
    total: components.length,
    files: draft.files.filter((f) => f.componentCode === component.code),
    back: previousPath(draft, page),
    returning: isReturning(request),
    added: Number(search.get('da-tai') ?? 0),
    removed: search.get('da-xoa'),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  const component = draft.procedure.components.find((c) => c.code === params.code);
  if (!component) throw data({ code: 'NOT_FOUND' } satisfies RouteErrorData, { status: 404 });
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? 'continue');
  const page = `giay-to/${component.code}`;
  const here = (extra: string) => {
    const query = new URLSearchParams(extra);
    if (isReturning(formData)) query.set(RETURN_PARAM, CHECK_PAGE);
    return `${draftPath(draft.id, page)}?${query}`;
  };
  const { submission } = context.services;
  if (intent === 'remove') {
    const fileId = String(formData.get('fileId') ?? '');
    const removed = draft.files.find((f) => f.id === fileId);
    await submission.removeFile(draft.id, fileId).catch(() => undefined);
    return redirect(here(removed ? `da-xoa=${encodeURIComponent(removed.filename)}` : ''));
  }
  const files = await chosenFiles(formData, 'files');
  let current = draft.files.filter((f) => f.componentCode === component.code).length;
  if (files.length > 0) {
    try {
      const saved = await submission.addFiles(draft.id, component.code, files);
      current = saved.files.filter((f) => f.componentCode === component.code).length;
    } catch (error) {
      const problems = fileProblems(
        error,
        files.map((f) => f.filename),
      );
      if (!problems) throw error;
      return data<UploadAnswer>({ problems }, { status: 400 });
    }
  }
  if (intent === 'upload') {
    if (files.length === 0) {
      return data<UploadAnswer>({ problems: [{ key: 'web.submission.files.noneChosen' }] }, { status: 400 });
    }
    return redirect(here(`da-tai=${files.length}`));
  }
  if (intent === 'save') return afterSave(formData, draft, page);
  if (component.isRequired && current === 0) {
    return data<UploadAnswer>({ problems: [{ key: 'web.submission.files.requiredError' }] }, { status: 400 });
  }
  return saveAndContinue(context, request, {
    draftId: draft.id,
    page,
    formData,
    patch: { componentDone: component.code },
    values: {},
    messages: {},
  });
}

export default function ComponentFiles() {
  const { procedureName, component, n, total, files, back, returning, added, removed } = useLoaderData<typeof loader>();
  const answer = useActionData<UploadAnswer>();
  const t = useT();
  const form = useRef<HTMLFormElement>(null);
  const texts = {
    progress: t('web.submission.files.progress'),
    checking: t('web.submission.files.checking'),
    failed: t('web.submission.files.failed'),
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the texts change only with the language (a reload)
  useEffect(() => (form.current ? enhanceUploads(form.current, texts) : undefined), []);
  const problems = answer?.problems ?? [];
  const errorId = problems.length > 0 ? 'f-files-error' : undefined;
  return (
    <>
      <SubmissionBack to={back} />
      <FileProblemSummary problems={problems} field="files" />
      {added > 0 ? <SuccessBanner>{t('web.submission.files.added', { count: added })}</SuccessBanner> : null}
      {removed ? <SuccessBanner>{t('web.submission.files.removed', { name: removed })}</SuccessBanner> : null}
      <PageHeading
        title={component.name}
        caption={`${procedureName} · ${t('web.submission.files.caption', { n, total })}`}
      >
        <p>
          {t(component.isRequired ? 'web.submission.files.required' : 'web.submission.files.optional')}{' '}
          {t('web.submission.files.copies', { originals: component.originals, copies: component.copies })}
        </p>
      </PageHeading>
      {files.length > 0 ? (
        <section aria-labelledby="uploaded-title" className="measure">
          <h2 id="uploaded-title">{t('web.submission.files.uploaded')}</h2>
          <ul className="plain-list">
            {files.map((f) => (
              <li key={f.id} className="file-list__item">
                <span>{f.filename}</span>
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="fileId" value={f.id} />
                  {returning ? <input type="hidden" name={RETURN_PARAM} value={CHECK_PAGE} /> : null}
                  <button type="submit" className="link-button" name="intent" value="remove">
                    {t('web.submission.files.remove')}
                    <span className="visually-hidden"> {f.filename}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {/* A plain form (not React Router's): the enhancement sends it itself, to report the upload's progress. */}
      <form method="post" encType="multipart/form-data" noValidate className="measure" ref={form}>
        <CsrfField />
        {returning ? <input type="hidden" name={RETURN_PARAM} value={CHECK_PAGE} /> : null}
        <div className={problems.length > 0 ? 'field field--error' : 'field'}>
          <label className="label" htmlFor="f-files">
            {t('web.submission.files.input')}
          </label>
          {problems.length > 0 ? (
            <div className="error-message" id={errorId}>
              {problems.map((p) => (
                <p key={`${p.key}:${p.params?.name ?? ''}`} className="no-top">
                  <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
                  {t(p.key, p.params)}
                </p>
              ))}
            </div>
          ) : null}
          <input
            className="file-input"
            type="file"
            id="f-files"
            name="files"
            multiple
            accept={ACCEPT}
            aria-describedby={errorId}
            aria-invalid={problems.length > 0 ? true : undefined}
          />
        </div>
        <div className="upload-progress" data-upload-progress="" hidden>
          <progress max={100} value={0} aria-label={t('web.submission.files.upload')} />
          <p data-upload-text="" aria-live="polite" />
        </div>
        <div className="button-group">
          <button type="submit" className="button button--secondary" name="intent" value="upload">
            {t('web.submission.files.upload')}
          </button>
          <button type="submit" className="button" name="intent" value="continue">
            {t('web.submission.continue')}
          </button>
          <button type="submit" className="button button--secondary" name="intent" value="save">
            {t('web.submission.saveLater')}
          </button>
        </div>
      </form>
    </>
  );
}
