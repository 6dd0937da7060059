/** Every catalogue at once, for the checks that compare them; the app loads one at a time (loadCatalogue). */
import en from './messages/en.json';
import id from './messages/id.json';
import th from './messages/th.json';
import type { Catalogue, Locale } from './locales';

export const catalogues: Record<Locale, Catalogue> = { en, id, th };
