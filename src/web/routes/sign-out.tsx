import { redirect } from 'react-router';
import type { Route } from './+types/sign-out';
import { withNotice } from '../components/notice.tsx';

/** Signing out is a POST (a link could be triggered by another site); a GET just goes home. */
export async function loader(_args: Route.LoaderArgs) {
  return redirect('/');
}

/** Ends the session behind the cookie (also one still waiting for its TOTP step) and clears the cookie. */
export async function action({ context }: Route.ActionArgs) {
  await context.services.auth.logout();
  context.cookies.endSession();
  return redirect(withNotice('/', 'signedOut'));
}
