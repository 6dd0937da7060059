import { describe, expect, it } from 'vitest';
import { outcomeTotalsOf } from './report-totals';

const report = (outcomes: unknown) => JSON.stringify({ operation: { id: 'op' }, outcomes });

describe('outcome totals from the report JSON', () => {
  it('keeps the categories in order, each country with its agencies, and the overall counts', () => {
    const totals = outcomeTotalsOf(
      report({
        categories: ['arrests', 'vessels-intercepted'],
        byAgency: [],
        byCountry: [{ country: 'ID', agencies: ['ID', 'ID-BAIS'], counts: { arrests: 3, 'vessels-intercepted': 1 } }],
        overall: { arrests: 3, 'vessels-intercepted': 1 },
      }),
    );
    expect(totals).toEqual({
      categories: ['arrests', 'vessels-intercepted'],
      byCountry: [{ country: 'ID', agencies: ['ID', 'ID-BAIS'], counts: { arrests: 3, 'vessels-intercepted': 1 } }],
      overall: { arrests: 3, 'vessels-intercepted': 1 },
    });
  });

  it('refuses a report whose totals miss a category, rather than showing a wrong zero', () => {
    expect(() => outcomeTotalsOf(report({ categories: ['arrests'], byCountry: [], overall: {} }))).toThrow('no count for arrests');
    expect(() => outcomeTotalsOf(JSON.stringify({ operation: {} }))).toThrow('no outcomes');
  });
});
