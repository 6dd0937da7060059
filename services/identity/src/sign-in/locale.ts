/**
 * Picks the sign-in page's language from the `ui_locales` the console sent (BCP 47 tags, most
 * preferred first), and formats its messages with ICU MessageFormat. English when none matches.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogues, type Locale, type MessageKey } from './messages.js';

export function pickLocale(uiLocales: unknown): Locale {
  if (typeof uiLocales !== 'string') return 'en';
  for (const tag of uiLocales.split(' ').slice(0, 10)) {
    const language = tag.split('-')[0]?.toLowerCase();
    if (language && Object.hasOwn(catalogues, language)) return language as Locale;
  }
  return 'en';
}

export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

export function translator(locale: Locale): Translate {
  return (key, values) => String(new IntlMessageFormat(catalogues[locale][key], locale).format(values));
}
