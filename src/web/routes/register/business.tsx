import { redirect, useActionData } from 'react-router';
import type { Route } from './+types/business';
import { RegistrationForm } from '../../components/registration-form.tsx';
import { registrationAction } from '../../lib/registration.server.ts';

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
