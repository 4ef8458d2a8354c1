import { data } from 'react-router';
import type { Route } from './+types/not-found';

/** Any address no page owns: a 404 the root error boundary words in the reader's language. */
export async function loader(_args: Route.LoaderArgs) {
  throw data({ code: 'ROUTE_NOT_FOUND' }, { status: 404 });
}

export default function NotFound() {
  return null;
}
