/** A recipient asks the originator to release the alert to another agency (not under RED or AMBER+STRICT). */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Alert } from '@concord/web-contracts/intel';
import { Field } from '../../components/field';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { intel } from '../../rpc/clients';
import { useSession } from '../../session/session-context';
import { DisclosedForm } from './disclosed-form';

const shownFields = ['to_agency', 'reason'];

export function ForwardForm({ alert }: { readonly alert: Alert }) {
  const intl = useIntl();
  const session = useSession();
  const { refusal, busy, run, fieldError } = useRefusable();
  const candidates = session.agencies.map((agency) => agency.id).filter((id) => id !== alert.origin && !alert.recipients.includes(id));
  const [toAgency, setToAgency] = useState('');
  const [reason, setReason] = useState('');
  if (candidates.length === 0) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () => intel.requestForward({ alertId: alert.id, toAgency, reason }),
      () => setReason(''),
    );
  };
  return (
    <DisclosedForm title={intl.formatMessage({ id: 'alerts.forwardForm' })} onSubmit={submit}>
      <RefusalBanner refusal={refusal} shownFields={shownFields} />
      <Field label={intl.formatMessage({ id: 'alerts.field.toAgency' })} error={fieldError('to_agency')}>
        {({ id, describedBy, invalid }) => (
          <select id={id} name="forward-to" value={toAgency} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setToAgency(event.target.value)}>
            <option value="">{intl.formatMessage({ id: 'alerts.chooseAgency' })}</option>
            {candidates.map((agency) => (
              <option key={agency} value={agency}>
                {agency}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={intl.formatMessage({ id: 'alerts.field.reason' })} error={fieldError('reason')}>
        {({ id, describedBy, invalid }) => <textarea id={id} name="forward-reason" value={reason} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        <FormattedMessage id="alerts.requestForward" />
      </button>
    </DisclosedForm>
  );
}
