/** Loads the session once; while nobody is signed in, sends the browser to sign in and back. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { useLocaleChoice } from '../i18n/i18n-provider';
import { fetchSession, signIn, type Session } from './session';

const SessionContext = createContext<Session | undefined>(undefined);

type State = { readonly kind: 'loading' } | { readonly kind: 'signed-in'; readonly session: Session } | { readonly kind: 'failed' };

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const { locale } = useLocaleChoice();
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    fetchSession().then(
      (session) => (session ? setState({ kind: 'signed-in', session }) : signIn(locale)),
      () => setState({ kind: 'failed' }),
    );
    // The locale only matters for the first redirect; a later switch must not reload the session.
  }, []);
  const signedIn = state.kind === 'signed-in';
  useEffect(() => {
    if (!signedIn) return undefined;
    // Coming back to the tab checks the session: one that ended meanwhile signs in again at once, back to this page.
    const check = () => {
      if (document.visibilityState !== 'visible') return;
      fetchSession().then(
        (session) => session ?? signIn(locale),
        () => undefined,
      );
    };
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', check);
    return () => {
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, [signedIn, locale]);
  if (state.kind === 'failed') {
    return (
      <p role="alert" className="banner banner-error">
        <FormattedMessage id="session.unavailable" />
      </p>
    );
  }
  if (state.kind === 'loading') {
    return (
      <p className="loading" aria-busy="true">
        <FormattedMessage id="session.loading" />
      </p>
    );
  }
  return <SessionContext.Provider value={state.session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
