/** The console's entry point: language first (sign-in needs it), then the session, then the views. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import './styles.css';
import { Shell } from './app/shell';
import { I18nProvider } from './i18n/i18n-provider';
import { SessionProvider } from './session/session-context';
import { ZoneProvider } from './time/zone-provider';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <ZoneProvider>
          <Shell />
        </ZoneProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
