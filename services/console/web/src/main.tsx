/**
 * The console's entry point: language first (sign-in needs it), then the session, then the views. The
 * catalogue and the opened page's view are fetched at once, in parallel with the session index.html preloads.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { Shell } from './app/shell';
import { views } from './app/views';
import { I18nProvider } from './i18n/i18n-provider';
import { initialLocale, loadCatalogue } from './i18n/locales';
import { SessionProvider } from './session/session-context';
import { ZoneProvider } from './time/zone-provider';

const locale = initialLocale();
// A failed fetch here is left to the lazy route, which shows its own error when it tries again.
views.find((view) => view.path === window.location.pathname)?.load().catch(() => undefined);

loadCatalogue(locale).then(
  (messages) =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <I18nProvider initial={{ locale, messages }}>
          <SessionProvider>
            <ZoneProvider>
              <Shell />
            </ZoneProvider>
          </SessionProvider>
        </I18nProvider>
      </StrictMode>,
    ),
  (error: unknown) => console.error(`intl: the ${locale} catalogue did not load`, error),
);
