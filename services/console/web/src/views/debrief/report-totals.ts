/**
 * The outcome totals out of the report's JSON rendering: the debrief service computes them (per
 * country and overall), so the view shows the very numbers the downloads hold and adds none itself.
 */
export interface CountryTotals {
  readonly country: string;
  readonly agencies: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
}

export interface OutcomeTotals {
  /** In the order the report lists them. */
  readonly categories: readonly string[];
  readonly byCountry: readonly CountryTotals[];
  readonly overall: Readonly<Record<string, number>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function countsOf(value: unknown, categories: readonly string[]): Record<string, number> {
  if (!isRecord(value)) throw new Error('the report holds counts that are not an object');
  return Object.fromEntries(
    categories.map((category) => {
      const count = value[category];
      if (typeof count !== 'number') throw new Error(`the report holds no count for ${category}`);
      return [category, count];
    }),
  );
}

// Checked by hand rather than with zod, as session.ts does: the view's bundle stays small.
export function outcomeTotalsOf(json: string): OutcomeTotals {
  const report: unknown = JSON.parse(json);
  const outcomes = isRecord(report) ? report.outcomes : undefined;
  if (!isRecord(outcomes) || !isStringArray(outcomes.categories) || !Array.isArray(outcomes.byCountry)) throw new Error('the report holds no outcomes');
  const categories = outcomes.categories;
  const byCountry = outcomes.byCountry.map((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.country !== 'string' || !isStringArray(entry.agencies)) throw new Error('the report holds a country that is not one');
    return { country: entry.country, agencies: entry.agencies, counts: countsOf(entry.counts, categories) };
  });
  return { categories, byCountry, overall: countsOf(outcomes.overall, categories) };
}
