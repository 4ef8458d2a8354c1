import { redirect } from 'react-router';
import type { Route } from './+types/resume';
import { loadDraft } from '../../lib/submission-form.server.ts';
import { resumePath } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/** A draft's own address: opens where the reader left off (the first page not answered, or check answers). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  throw redirect(resumePath(draft));
}
