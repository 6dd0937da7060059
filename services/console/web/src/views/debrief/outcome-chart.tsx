/**
 * The outcome totals as a bar chart (Chart.js), one bar per category stacked by country. Loaded on its
 * own, after the table beside it, so the chart library never weighs on the console's first page.
 */
import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useIntl } from 'react-intl';
import type { OutcomeTotals } from './report-totals';

// Only the pieces a bar chart needs, so the rest of Chart.js stays out of the bundle.
Chart.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

// Distinct for the common kinds of colour blindness (Okabe-Ito).
const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export default function OutcomeChart({ totals, categoryLabel }: { readonly totals: OutcomeTotals; readonly categoryLabel: (category: string) => string }) {
  const intl = useIntl();
  const data = {
    labels: totals.categories.map(categoryLabel),
    datasets: totals.byCountry.map((country, index) => ({
      label: country.country,
      data: totals.categories.map((category) => country.counts[category] ?? 0),
      backgroundColor: palette[index % palette.length],
    })),
  };
  return (
    <div className="outcome-chart">
      <Bar
        data={data}
        aria-label={intl.formatMessage({ id: 'debrief.totals.chart' })}
        role="img"
        options={{
          indexAxis: 'y',
          locale: intl.locale,
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
        }}
      />
    </div>
  );
}
