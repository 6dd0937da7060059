/** Provides the chosen language's catalogue to every view, and the switch that changes and stores it. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { loadCatalogue, storeLocale, type Catalogue, type Locale } from './locales';

interface LocaleChoice {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleChoice | undefined>(undefined);

export interface LoadedCatalogue {
  readonly locale: Locale;
  readonly messages: Catalogue;
}

/** `initial` is loaded before the first render (main.tsx), so no view ever draws without its messages. */
export function I18nProvider({ initial, children }: { readonly initial: LoadedCatalogue; readonly children: ReactNode }) {
  const [{ locale, messages }, setLoaded] = useState<LoadedCatalogue>(initial);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const choice = useMemo<LocaleChoice>(
    () => ({
      locale,
      setLocale: (next) => {
        storeLocale(next);
        loadCatalogue(next).then(
          (loaded) => setLoaded({ locale: next, messages: loaded }),
          (error: unknown) => console.error(`intl: the ${next} catalogue did not load`, error),
        );
      },
    }),
    [locale],
  );
  return (
    <LocaleContext.Provider value={choice}>
      <IntlProvider locale={locale} messages={messages} defaultLocale="en" onError={reportIntlError}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

// A missing key or bad message must be loud: the browser tests fail on any console error.
function reportIntlError(error: Error & { code?: string }): void {
  console.error(`intl ${error.code ?? 'error'}: ${error.message}`);
}

export function useLocaleChoice(): LocaleChoice {
  const choice = useContext(LocaleContext);
  if (!choice) throw new Error('useLocaleChoice outside I18nProvider');
  return choice;
}
