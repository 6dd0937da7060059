/**
 * Target identifiers, normalised so that two agencies writing the same target differently still
 * match: vessel IMO and MMSI numbers, passports, phone numbers, name with date of birth, places.
 */
import { createRequire } from 'node:module';
import type * as PhoneNumbers from 'libphonenumber-js';
import type { Violation } from '@concord/errors';

/** libphonenumber-js and its metadata (about 2 MB of heap) load with the first phone number, not in every process that imports this module. */
let phoneLibrary: typeof PhoneNumbers | undefined;
function phoneNumbers(): typeof PhoneNumbers {
  phoneLibrary ??= createRequire(import.meta.url)('libphonenumber-js') as typeof PhoneNumbers;
  return phoneLibrary;
}

export const IdentifierKind = {
  VesselImo: 'vessel-imo',
  VesselMmsi: 'vessel-mmsi',
  Passport: 'passport',
  Phone: 'phone',
  NameDob: 'name-dob',
  Place: 'place',
} as const;
export type IdentifierKind = (typeof IdentifierKind)[keyof typeof IdentifierKind];
export const identifierKinds = Object.values(IdentifierKind);

/** Places match only when the actions' windows overlap; targets match whenever. */
export const matchScopeOf = (kind: IdentifierKind): 'place' | 'target' => (kind === IdentifierKind.Place ? 'place' : 'target');

export type Normalised = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly violation: Violation };

const bad = (message: string): Normalised => ({ ok: false, violation: { path: 'value', message } });

/** IMO numbers carry a check digit: the first six digits weighted 7..2, summed, modulo 10. */
export function imoCheckDigitValid(digits: string): boolean {
  const sum = [...digits.slice(0, 6)].reduce((total, d, i) => total + Number(d) * (7 - i), 0);
  return sum % 10 === Number(digits[6]);
}

/** Upper case, accents and punctuation removed, one space between words. */
function plainUpper(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * @param defaultCountry ISO 3166-1 alpha-2 of the registering agency: reads national phone formats.
 */
export function normaliseIdentifier(kind: IdentifierKind, raw: string, defaultCountry?: string): Normalised {
  const text = raw.trim();
  switch (kind) {
    case 'vessel-imo': {
      const digits = text.toUpperCase().replace(/^IMO/, '').replace(/[\s-]/g, '');
      if (!/^\d{7}$/.test(digits)) return bad('an IMO number is 7 digits, for example IMO 9074729');
      if (!imoCheckDigitValid(digits)) return bad('is not a valid IMO number (its check digit is wrong)');
      return { ok: true, value: digits };
    }
    case 'vessel-mmsi': {
      const digits = text.replace(/[\s-]/g, '');
      return /^\d{9}$/.test(digits) ? { ok: true, value: digits } : bad('an MMSI is 9 digits');
    }
    case 'passport': {
      // Optional issuing country first: "IDN:A1234567" or "A 123 4567".
      const match = /^(?:([A-Za-z]{3})\s*:\s*)?([A-Za-z0-9][A-Za-z0-9\s-]{3,18})$/.exec(text);
      if (!match) return bad('a passport number is 4 to 19 letters or digits, optionally after its issuing country: IDN:A1234567');
      const number = match[2]!.toUpperCase().replace(/[\s-]/g, '');
      return { ok: true, value: match[1] ? `${match[1].toUpperCase()}:${number}` : number };
    }
    case 'phone': {
      const phone = phoneNumbers().parsePhoneNumberFromString(text, defaultCountry as PhoneNumbers.CountryCode | undefined);
      return phone?.isValid() ? { ok: true, value: phone.number } : bad(`is not a valid phone number${defaultCountry ? ` (national numbers are read as ${defaultCountry})` : '; give it with its country code, +62 ...'}`);
    }
    case 'name-dob': {
      const match = /^(.+?)\s*[|;,]\s*(\d{4}-\d{2}-\d{2})$/.exec(text);
      const dob = match ? new Date(`${match[2]}T00:00:00Z`) : undefined;
      if (!match || !dob || Number.isNaN(dob.getTime()) || dob.toISOString().slice(0, 10) !== match[2]) return bad('give a name and a date of birth: "Budi Santoso | 1985-03-02"');
      // Word order differs between naming customs, so the words are sorted.
      const name = plainUpper(match[1]!).split(' ').filter(Boolean).sort().join(' ');
      return name ? { ok: true, value: `${name}|${match[2]}` } : bad('the name is empty');
    }
    case 'place': {
      const locode = text.toUpperCase().replace(/\s/g, '');
      return /^[A-Z]{2}[A-Z2-9]{3}$/.test(locode) ? { ok: true, value: locode } : bad('a place is a UN/LOCODE, for example IDJKT');
    }
  }
}
