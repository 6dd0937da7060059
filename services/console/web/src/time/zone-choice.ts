/**
 * Which time zone the console shows times in: the viewer's own (the browser's), an agency's from the
 * manifest, or UTC. The choice is kept in localStorage, like the language.
 */
import type { Agency } from '../session/session';

export type ZoneChoice = { readonly kind: 'mine' } | { readonly kind: 'utc' } | { readonly kind: 'agency'; readonly agency: string };

const storageKey = 'concord.zone';

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The IANA zone a choice stands for; an agency no longer in the manifest falls back to the viewer's. */
export function zoneOf(choice: ZoneChoice, agencies: readonly Agency[]): string {
  switch (choice.kind) {
    case 'mine':
      return browserZone();
    case 'utc':
      return 'UTC';
    case 'agency':
      return agencies.find((agency) => agency.id === choice.agency)?.timeZone ?? browserZone();
  }
}

/** The choice as one string, for a select's value and for storage: `mine`, `utc` or `agency:AU`. */
export function encodeZoneChoice(choice: ZoneChoice): string {
  return choice.kind === 'agency' ? `agency:${choice.agency}` : choice.kind;
}

export function decodeZoneChoice(value: string | null): ZoneChoice {
  if (value === 'utc') return { kind: 'utc' };
  if (value?.startsWith('agency:')) return { kind: 'agency', agency: value.slice('agency:'.length) };
  return { kind: 'mine' };
}

export function storedZoneChoice(): ZoneChoice {
  return decodeZoneChoice(localStorage.getItem(storageKey));
}

export function storeZoneChoice(choice: ZoneChoice): void {
  localStorage.setItem(storageKey, encodeZoneChoice(choice));
}
