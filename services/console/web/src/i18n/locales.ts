/** The languages the console speaks, and the viewer's choice, kept in localStorage across visits. */
import en from './messages/en.json';
import id from './messages/id.json';
import th from './messages/th.json';

export const locales = ['en', 'id', 'th'] as const;
export type Locale = (typeof locales)[number];

export type MessageId = keyof typeof en;
export type Catalogue = Record<MessageId, string>;

export const catalogues: Record<Locale, Catalogue> = { en, id, th };

const storageKey = 'concord.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The stored choice, else the browser's first supported language, else English. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem(storageKey);
  if (isLocale(stored)) return stored;
  const preferred = navigator.languages.map((tag) => tag.split('-')[0]).find(isLocale);
  return preferred ?? 'en';
}

export function storeLocale(locale: Locale): void {
  localStorage.setItem(storageKey, locale);
}
