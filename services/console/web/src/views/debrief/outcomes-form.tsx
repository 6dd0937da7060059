/** This agency's outcome counts, one whole number per category, and its intelligence summary; a new submission replaces the last. */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { outcomeCategories } from '@concord/debrief/categories';
import type { AgencyOutcomes } from '@concord/web-contracts/debrief';
import { Field } from '../../components/field';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { debrief } from '../../rpc/clients';
import { useCategoryLabel } from './category-label';

interface OutcomesFormProps {
  readonly operationId: string;
  readonly submitted: AgencyOutcomes | undefined;
  readonly onSubmitted: () => void;
}

export function OutcomesForm({ operationId, submitted, onSubmitted }: OutcomesFormProps) {
  const intl = useIntl();
  const categoryLabel = useCategoryLabel();
  const { refusal, busy, run } = useRefusable();
  const [counts, setCounts] = useState<Record<string, string>>(() => Object.fromEntries((submitted?.counts ?? []).map((c) => [c.category, String(c.count)])));
  const [summary, setSummary] = useState(submitted?.intelligenceSummary ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entered = outcomeCategories.map((category) => ({ category, count: Number(counts[category] || 0) }));
    run(() => debrief.submitOutcomes({ operationId, counts: entered, intelligenceSummary: summary }), onSubmitted);
  };
  return (
    <form className="panel" aria-labelledby="outcomes-heading" onSubmit={submit}>
      <h3 id="outcomes-heading">
        <FormattedMessage id="debrief.outcomes.heading" />
      </h3>
      <p className="field-hint">
        <FormattedMessage id="debrief.outcomes.hint" />
      </p>
      <RefusalBanner refusal={refusal} shownFields={[]} />
      <div className="outcome-inputs">
        {outcomeCategories.map((category) => (
          <Field key={category} label={categoryLabel(category)}>
            {({ id, describedBy }) => (
              <input
                id={id}
                name={category}
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                aria-describedby={describedBy}
                value={counts[category] ?? ''}
                onChange={(event) => setCounts({ ...counts, [category]: event.target.value })}
              />
            )}
          </Field>
        ))}
      </div>
      <Field label={intl.formatMessage({ id: 'debrief.outcomes.summary' })}>
        {({ id, describedBy }) => <textarea id={id} aria-describedby={describedBy} rows={3} value={summary} onChange={(event) => setSummary(event.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        <FormattedMessage id="debrief.outcomes.submit" />
      </button>
    </form>
  );
}
