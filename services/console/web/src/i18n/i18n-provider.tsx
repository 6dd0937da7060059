/** Provides the chosen language's catalogue to every view, and the switch that changes and stores it. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { catalogues, initialLocale, storeLocale, type Locale } from './locales';

interface LocaleChoice {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleChoice | undefined>(undefined);

export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const choice = useMemo<LocaleChoice>(
    () => ({
      locale,
      setLocale: (next) => {
        storeLocale(next);
        setLocaleState(next);
      },
    }),
    [locale],
  );
  return (
    <LocaleContext.Provider value={choice}>
      <IntlProvider locale={locale} messages={catalogues[locale]} defaultLocale="en" onError={reportIntlError}>
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
