/**
 * What each participant reports after a Joint Period of Action: counts in the categories JPA results
 * have been reported in, and a free-text summary of what was learned about networks and their methods.
 * Counts are whole and non-negative; a category nobody reported counts zero.
 */
import type { Violation } from '@concord/errors';

/** In the order reports list them. */
export const outcomeCategories = [
  'trafficked-persons-assisted',
  'victims-identified-and-referred',
  'smuggled-migrants-assisted',
  'suspects-identified',
  'arrests',
  'persons-charged',
  'search-warrants-executed',
  'investigations-opened',
  'enquiries-made',
  'vessels-intercepted',
  'fraudulent-documents-seized',
  'networks-disrupted',
  'awareness-activities-held',
  'training-sessions-held',
  'officers-trained',
] as const;
export type OutcomeCategory = (typeof outcomeCategories)[number];

export const categoryLabels: Record<OutcomeCategory, string> = {
  'trafficked-persons-assisted': 'Trafficked persons assisted',
  'victims-identified-and-referred': 'Victims identified and referred',
  'smuggled-migrants-assisted': 'Smuggled migrants assisted',
  'suspects-identified': 'Suspects identified',
  arrests: 'Arrests',
  'persons-charged': 'Persons charged',
  'search-warrants-executed': 'Search warrants executed',
  'investigations-opened': 'New investigations opened',
  'enquiries-made': 'Bilateral and international enquiries made',
  'vessels-intercepted': 'Vessels intercepted',
  'fraudulent-documents-seized': 'Fraudulent documents seized',
  'networks-disrupted': 'Networks disrupted',
  'awareness-activities-held': 'Awareness-raising activities held',
  'training-sessions-held': 'Training sessions held',
  'officers-trained': 'Officers trained',
};

export type OutcomeCounts = Readonly<Record<OutcomeCategory, number>>;

export interface OutcomeSubmission {
  readonly agency: string;
  readonly counts: OutcomeCounts;
  readonly intelligenceSummary: string;
}

const isCategory = (name: string): name is OutcomeCategory => (outcomeCategories as readonly string[]).includes(name);
export const zeroCounts = (): Record<OutcomeCategory, number> => Object.fromEntries(outcomeCategories.map((c) => [c, 0])) as Record<OutcomeCategory, number>;

/** The counts as given (category to number), checked: every problem is named, none is guessed at. */
export function readCounts(given: Readonly<Record<string, unknown>>, field = 'counts'): { counts: OutcomeCounts } | { violations: Violation[] } {
  const violations: Violation[] = [];
  const counts = zeroCounts();
  for (const [name, value] of Object.entries(given)) {
    const path = `${field}.${name}`;
    if (!isCategory(name)) violations.push({ path, message: `is not an outcome category (${outcomeCategories.join(', ')})` });
    else if (typeof value !== 'number' || !Number.isFinite(value)) violations.push({ path, message: 'must be a number' });
    else if (!Number.isInteger(value)) violations.push({ path, message: `must be a whole number, not ${value}` });
    else if (value < 0) violations.push({ path, message: `must not be negative (${value})` });
    else if (value > 1_000_000) violations.push({ path, message: 'must be at most 1,000,000' });
    else counts[name] = value;
  }
  return violations.length > 0 ? { violations } : { counts };
}

export interface OutcomeTotals {
  /** Per country (ISO 3166-1 alpha-2), sorted by country. */
  readonly byCountry: ReadonlyArray<{ readonly country: string; readonly agencies: readonly string[]; readonly counts: OutcomeCounts }>;
  readonly overall: OutcomeCounts;
}

export function totalOutcomes(submissions: readonly OutcomeSubmission[], countryOf: (agency: string) => string): OutcomeTotals {
  const byCountry = new Map<string, { agencies: string[]; counts: Record<OutcomeCategory, number> }>();
  const overall = zeroCounts();
  for (const submission of [...submissions].sort((a, b) => a.agency.localeCompare(b.agency))) {
    const country = countryOf(submission.agency);
    const entry = byCountry.get(country) ?? { agencies: [], counts: zeroCounts() };
    entry.agencies.push(submission.agency);
    for (const category of outcomeCategories) {
      entry.counts[category] += submission.counts[category];
      overall[category] += submission.counts[category];
    }
    byCountry.set(country, entry);
  }
  return {
    byCountry: [...byCountry.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([country, { agencies, counts }]) => ({ country, agencies, counts })),
    overall,
  };
}
