/** A recipient reports a sighting or outcome: to the originator, and to the others where TLP allows. */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { FeedbackKind, type Alert } from '@concord/web-contracts/intel';
import { Field } from '../../components/field';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { intel } from '../../rpc/clients';
import { DisclosedForm } from './disclosed-form';

const shownFields = ['kind', 'note', 'place'];
const kinds = [FeedbackKind.SEEN, FeedbackKind.FALSE_POSITIVE, FeedbackKind.ACTION_TAKEN] as const;

export function FeedbackForm({ alert }: { readonly alert: Alert }) {
  const intl = useIntl();
  const { refusal, busy, run, fieldError } = useRefusable();
  const [kind, setKind] = useState<FeedbackKind>(FeedbackKind.SEEN);
  const [note, setNote] = useState('');
  const [place, setPlace] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () => intel.addFeedback({ alertId: alert.id, kind, note, place }),
      () => {
        setNote('');
        setPlace('');
      },
    );
  };
  return (
    <DisclosedForm title={intl.formatMessage({ id: 'alerts.feedbackForm' })} onSubmit={submit}>
      <RefusalBanner refusal={refusal} shownFields={shownFields} />
      <Field label={intl.formatMessage({ id: 'alerts.field.feedbackKind' })} error={fieldError('kind')}>
        {({ id, describedBy, invalid }) => (
          <select id={id} name="feedback-kind" value={kind} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setKind(Number(event.target.value))}>
            {kinds.map((value) => (
              <option key={value} value={value}>
                {intl.formatMessage({ id: `alerts.feedbackKind.${FeedbackKind[value]}` })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={intl.formatMessage({ id: 'alerts.field.place' })} hint={intl.formatMessage({ id: 'alerts.hint.locode' })} error={fieldError('place')}>
        {({ id, describedBy, invalid }) => <input id={id} name="feedback-place" value={place} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setPlace(event.target.value)} />}
      </Field>
      <Field label={intl.formatMessage({ id: 'alerts.field.note' })} error={fieldError('note')}>
        {({ id, describedBy, invalid }) => <textarea id={id} name="feedback-note" value={note} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setNote(event.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        <FormattedMessage id="alerts.sendFeedback" />
      </button>
    </DisclosedForm>
  );
}
