/**
 * Where an action takes place: an ISO 3166-1 alpha-2 country ("TH") or an ISO 3166-2 subdivision
 * ("TH-83"), checked against the standard's code lists (the `iso-3166` package), and always in the
 * acting agency's own country: an agency acts in its own jurisdiction only.
 */
import { createRequire } from 'node:module';
import type * as Iso3166 from 'iso-3166';

/**
 * The code lists, read when an action is first checked: the package's 5,000 subdivisions (names and
 * parents too) were about 2 MB of heap in every agency process, most of which never plans an action.
 */
let codeLists: { readonly countries: ReadonlySet<string>; readonly subdivisions: ReadonlySet<string> } | undefined;
function knownCodes(): NonNullable<typeof codeLists> {
  if (!codeLists) {
    const { iso31661, iso31662 } = createRequire(import.meta.url)('iso-3166') as typeof Iso3166;
    codeLists = { countries: new Set(iso31661.map((c) => c.alpha2)), subdivisions: new Set(iso31662.map((s) => s.code)) };
  }
  return codeLists;
}

/** Why `code` is not a jurisdiction `country` may act in, or undefined when it is. */
export function jurisdictionProblem(code: string, country: string | undefined): string | undefined {
  const [countryPart = ''] = code.split('-');
  const { countries, subdivisions } = knownCodes();
  const known = code.includes('-') ? subdivisions.has(code) : countries.has(code);
  if (!known) return `${code} is not an ISO 3166-1 country or ISO 3166-2 subdivision code (for example ID or ID-JK)`;
  if (country !== undefined && countryPart !== country) return `${code} lies outside ${country}: an agency plans actions in its own country (${country} or ${country}-...)`;
  return undefined;
}
