import { redirect } from 'react-router';
import { isLanguage } from '../../platform/i18n/index.ts';
import type { Route } from './+types/language';
import { safeNext } from '../lib/guards.server.ts';

/**
 * The language switch: a plain link (`/ngon-ngu?lang=en&next=/…`) that remembers the choice in the `lang`
 * cookie and goes back, so it works without JavaScript. Only a preference changes, so GET is fine.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const language = url.searchParams.get('lang');
  if (isLanguage(language)) {
    context.cookies.setLanguage(language);
  }
  return redirect(safeNext(url.searchParams.get('next')));
}
