/** The languages the console speaks, and the viewer's choice, kept in localStorage across visits. */
import type en from './messages/en.json';

export const locales = ['en', 'id', 'th'] as const;
export type Locale = (typeof locales)[number];

export type MessageId = keyof typeof en;
export type Catalogue = Record<MessageId, string>;

// One chunk per language, so the first page carries only the catalogue it shows.
const loaders: Record<Locale, () => Promise<{ default: Catalogue }>> = {
  en: () => import('./messages/en.json'),
  id: () => import('./messages/id.json'),
  th: () => import('./messages/th.json'),
};

export async function loadCatalogue(locale: Locale): Promise<Catalogue> {
  return (await loaders[locale]()).default;
}

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
