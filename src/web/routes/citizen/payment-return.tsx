import { Link, useLoaderData } from 'react-router';
import type { Route } from './+types/payment-return';
import { useMoney } from '../../components/dossier-parts.tsx';
import { PageHeading } from '../../components/page.tsx';
import { load } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * Where the payment gateway sends the browser back (vnp_ReturnUrl). It checks the gateway's signature and shows
 * what our ledger holds: paid with the receipt number once the gateway's IPN has settled, otherwise "waiting for
 * the bank" or the failure. It never settles anything itself; a forged return is refused as such.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return load(request, () => context.services.applicant.paymentReturn(query));
}

export default function PaymentReturn() {
  const r = useLoaderData<typeof loader>();
  const t = useT();
  const money = useMoney();
  const outcome =
    r.status === 'paid' && r.receiptNumber
      ? { className: 'banner banner--success', text: t('web.myDossiers.returnPaid', { number: r.receiptNumber }) }
      : r.gatewaySaysSuccess && r.status !== 'failed'
        ? { className: 'banner', text: t('web.myDossiers.returnPending') }
        : { className: 'banner', text: t('web.myDossiers.returnFailed', { code: r.responseCode ?? '?' }) };
  return (
    <>
      <PageHeading title={t('web.myDossiers.returnTitle')} />
      <div className={outcome.className} role="status">
        <p className="banner__body">{outcome.text}</p>
      </div>
      <p>{t('web.myDossiers.returnDossier', { code: r.dossierCode, amount: money(r.amount) })}</p>
      <ul className="link-list">
        {r.dossierId ? (
          <li>
            <Link to={`/ho-so-cua-toi/${r.dossierId}`}>{t('web.myDossiers.returnBack')}</Link>
          </li>
        ) : null}
        <li>
          <Link to="/ho-so-cua-toi">{t('web.myDossiers.returnList')}</Link>
        </li>
      </ul>
    </>
  );
}
