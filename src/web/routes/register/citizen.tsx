import { redirect, useActionData } from 'react-router';
import type { Route } from './+types/citizen';
import { RegistrationForm } from '../../components/registration-form.tsx';
import { registrationAction } from '../../lib/registration.server.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/** Registration of a citizen account; a signed-in reader is sent to their account instead. */
export async function loader({ context }: Route.LoaderArgs) {
  if (context.actor.kind === 'user') {
    throw redirect('/tai-khoan');
  }
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  return registrationAction('citizen', request, context);
}

export default function RegisterCitizen() {
  const state = useActionData<typeof action>();
  return <RegistrationForm kind="citizen" state={state} />;
}
