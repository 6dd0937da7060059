/** The frame around every view: who is signed in, the navigation, the switches, and the view itself. */
import { Suspense } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { useSession } from '../session/session-context';
import { ViewBoundary } from '../components/view-boundary';
import { Preferences } from './preferences';
import { views } from './views';

export function Shell() {
  const intl = useIntl();
  const session = useSession();
  const [location] = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        <FormattedMessage id="shell.skip" />
      </a>
      <header className="shell-header">
        <p className="shell-title">
          <FormattedMessage id="shell.title" values={{ agency: session.agency }} />
        </p>
        <nav aria-label={intl.formatMessage({ id: 'nav.label' })}>
          <ul>
            {views.map((view) => (
              <li key={view.path}>
                <Link href={view.path} aria-current={location === view.path ? 'page' : undefined}>
                  <FormattedMessage id={view.label} />
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <Preferences />
        <div className="shell-user">
          <FormattedMessage id="shell.signedInAs" values={{ name: session.name, roles: session.roles.join(', ') }} />
          {/* A POST: signing out changes state, and SameSite=Strict keeps other sites from doing it. */}
          <form method="post" action="/auth/logout">
            <button type="submit">
              <FormattedMessage id="shell.signOut" />
            </button>
          </form>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ViewBoundary key={location}>
          <Suspense fallback={<p aria-busy="true">{intl.formatMessage({ id: 'view.loading' })}</p>}>
          <Switch>
            {views.map((view) => (
              <Route key={view.path} path={view.path} component={view.component} />
            ))}
            <Route>
              <Redirect to={views[0]!.path} />
            </Route>
          </Switch>
          </Suspense>
        </ViewBoundary>
      </main>
    </>
  );
}
