import type { ReactNode } from 'react';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from 'react-router';
import type { Route } from './+types/root';
import { CsrfField } from './components/form.tsx';
import { PageHeading } from './components/page.tsx';
import { DEFAULT_LANGUAGE, translate, translator } from '../platform/i18n/index.ts';
import { canAnywhere } from './lib/lists.server.ts';
import { useHydrated } from './lib/hydration.ts';
import { useNonce } from './lib/nonce.ts';
import stylesheet from './styles.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  // No favicon yet: an empty one spares every page a request that would end in a 404.
  { rel: 'icon', href: 'data:,' },
];

/** What every page needs: language, CSRF token and who is signed in. */
export async function loader({ context }: Route.LoaderArgs) {
  const actor = context.actor;
  return {
    language: context.language,
    csrfToken: context.csrfToken,
    user:
      actor.kind === 'user'
        ? {
            fullName: actor.fullName,
            isStaff: actor.userKind === 'staff',
            canSupervise: actor.userKind === 'staff' && canAnywhere(actor, 'reports.read'),
            canWorkDossiers: actor.userKind === 'staff' && canAnywhere(actor, 'dossiers.read'),
          }
        : null,
  };
}

/** The page frame: skip link, header with tenant, language switch and account, main content, footer. */
export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  const language = root?.language ?? DEFAULT_LANGUAGE;
  const t = translator(language);
  const nonce = useNonce();
  const location = useLocation();
  const other = language === 'vi' ? 'en' : 'vi';
  const here = `${location.pathname}${location.search}`;
  const user = root?.user ?? null;
  const hydrated = useHydrated();
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#noi-dung" className="skip-link">
          {t('app.skipToContent')}
        </a>
        <header className="site-header">
          <div className="site-header__bar">
            <div className="container site-header__inner">
              <Link to="/" className="site-header__brand">
                <span className="site-header__name">{t('app.name')}</span>
                <span className="site-header__tenant">{t('app.tenant')}</span>
              </Link>
              <div className="site-header__tools">
                {/* A plain link: it must work without JavaScript and reload the page in the other language. */}
                <a
                  className="site-header__link"
                  href={`/ngon-ngu?lang=${other}&next=${encodeURIComponent(here)}`}
                  hrefLang={other}
                  lang={other}
                >
                  {t('app.switchLanguage')}
                </a>
                {user ? (
                  <>
                    <span className="visually-hidden">{t('web.layout.signedInAs')} </span>
                    <span className="site-header__user">{user.fullName}</span>
                    <Form method="post" action="/dang-xuat" className="site-header__signout">
                      <CsrfField />
                      <button type="submit" className="link-button">
                        {t('web.layout.signOut')}
                      </button>
                    </Form>
                  </>
                ) : (
                  <Link className="site-header__link" to={`/dang-nhap?next=${encodeURIComponent(here)}`}>
                    {t('web.layout.signIn')}
                  </Link>
                )}
              </div>
            </div>
          </div>
          <nav className="primary-nav" aria-label={t('web.layout.mainNav')}>
            <ul className="container primary-nav__list">
              <li>
                <NavLink to="/" end>
                  {t('web.layout.home')}
                </NavLink>
              </li>
              {/* The public services, for everyone, signed in or not. */}
              <li>
                <NavLink to="/thu-tuc">{t('web.layout.procedures')}</NavLink>
              </li>
              <li>
                <NavLink to="/tra-cuu">{t('web.layout.lookup')}</NavLink>
              </li>
              {user && !user.isStaff ? (
                <li>
                  <NavLink to="/ho-so-cua-toi">{t('web.myDossiers.navLink')}</NavLink>
                </li>
              ) : null}
              {user?.canWorkDossiers ? (
                <li>
                  <NavLink to="/mot-cua">{t('web.layout.oneStop')}</NavLink>
                </li>
              ) : null}
              {user?.canSupervise ? (
                <li>
                  <NavLink to="/giam-sat">{t('web.layout.supervision')}</NavLink>
                </li>
              ) : null}
              {user?.isStaff ? (
                <li>
                  <NavLink to="/quan-tri">{t('web.layout.admin')}</NavLink>
                </li>
              ) : null}
              {user ? (
                <li>
                  <NavLink to="/tai-khoan">{t('web.layout.account')}</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        </header>
        <main id="noi-dung" className="container main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{t('app.footer')}</p>
          </div>
        </footer>
        {/* Pages that opted out of scripts are whole HTML documents: no bundle, no inline data. */}
        {hydrated ? <ScrollRestoration nonce={nonce} /> : null}
        {hydrated ? <Scripts nonce={nonce} /> : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Errors nobody nearer handled: unknown pages, refusals, crashes — said plainly in the reader's language. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <ErrorMessage error={error} />;
}

/** The message for a route error; shared by the admin layout's boundary. */
export function ErrorMessage({ error }: { error: unknown }) {
  const root = useRouteLoaderData<typeof loader>('root');
  const language = root?.language ?? DEFAULT_LANGUAGE;
  const tx = (key: string) => translate(language, key);
  let status = 500;
  let code = 'INTERNAL';
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const given = (error.data as { code?: unknown } | null)?.code;
    code =
      typeof given === 'string'
        ? given
        : status === 404
          ? 'ROUTE_NOT_FOUND'
          : status === 403
            ? 'FORBIDDEN'
            : 'INTERNAL';
  }
  const title =
    status === 404
      ? tx('web.errorPage.notFoundTitle')
      : status === 403
        ? tx('web.errorPage.forbiddenTitle')
        : tx('web.errorPage.title');
  return (
    <>
      <PageHeading title={title} />
      <p>{tx(`errors.${code}`)}</p>
      <p>
        <Link to="/">{tx('web.errorPage.home')}</Link>
      </p>
    </>
  );
}
