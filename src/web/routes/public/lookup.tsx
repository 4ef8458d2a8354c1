import { redirect, useLoaderData } from 'react-router';
import type { Route } from './+types/lookup';
import { LookupForm } from '../../components/lookup-form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { useT } from '../../lib/i18n.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * The public dossier lookup's front door: asks for the code, then sends the reader to /tra-cuu/<code>, the address
 * the receipt's QR code opens. Anyone may use it; no sign-in.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const code = params.get('ma');
  if (code === null) {
    return { missing: false };
  }
  if (code.trim() === '') {
    return { missing: true };
  }
  throw redirect(`/tra-cuu/${encodeURIComponent(code.trim())}`);
}

export default function Lookup() {
  const { missing } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeading title={t('web.lookup.title')}>
        <p className="lead measure">{t('web.lookup.intro')}</p>
      </PageHeading>
      <LookupForm missing={missing} />
    </>
  );
}
