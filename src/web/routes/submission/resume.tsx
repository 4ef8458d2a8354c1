import { redirect } from 'react-router';
import type { Route } from './+types/resume';
import { loadDraft } from '../../lib/submission-form.server.ts';
import { resumePath } from '../../lib/submission-flow.ts';

/** A draft's own address: opens where the reader left off (the first page not answered, or check answers). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  throw redirect(resumePath(draft));
}
