import { redirect, useActionData } from 'react-router';
import type { Route } from './+types/business';
import { RegistrationForm } from '../../components/registration-form.tsx';
import { registrationAction } from '../../lib/registration.server.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/** Registration of a business account; a signed-in reader is sent to their account instead. */
export async function loader({ context }: Route.LoaderArgs) {
  if (context.actor.kind === 'user') {
    throw redirect('/tai-khoan');
  }
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  return registrationAction('business', request, context);
}

export default function RegisterBusiness() {
  const state = useActionData<typeof action>();
  return <RegistrationForm kind="business" state={state} />;
}
