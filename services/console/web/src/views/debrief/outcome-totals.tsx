/** Totals per country and overall, as a table (the accessible numbers) with the chart of the same numbers beside it. */
import { lazy, Suspense } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { OutcomeTotals } from './report-totals';
import { useCategoryLabel } from './category-label';

const OutcomeChart = lazy(() => import('./outcome-chart'));

export function OutcomeTotalsPanel({ totals }: { readonly totals: OutcomeTotals }) {
  const intl = useIntl();
  const categoryLabel = useCategoryLabel();
  return (
    <div className="totals">
      <table className="outcome-totals">
        <caption>
          <FormattedMessage id="debrief.totals.caption" />
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage id="debrief.totals.category" />
            </th>
            {totals.byCountry.map((country) => (
              <th key={country.country} scope="col" className="number">
                {country.country}
              </th>
            ))}
            <th scope="col" className="number">
              <FormattedMessage id="debrief.totals.overall" />
            </th>
          </tr>
        </thead>
        <tbody>
          {totals.categories.map((category) => (
            <tr key={category} data-category={category}>
              <th scope="row">{categoryLabel(category)}</th>
              {totals.byCountry.map((country) => (
                <td key={country.country} className="number">
                  {intl.formatNumber(country.counts[category] ?? 0)}
                </td>
              ))}
              <td className="number total">{intl.formatNumber(totals.overall[category] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Suspense fallback={<p aria-busy="true">{intl.formatMessage({ id: 'view.loading' })}</p>}>
        <OutcomeChart totals={totals} categoryLabel={categoryLabel} />
      </Suspense>
    </div>
  );
}
