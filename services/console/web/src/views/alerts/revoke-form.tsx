/** The originator withdraws an alert: every copy, delivered or on its way, is purged. */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Alert } from '@concord/web-contracts/intel';
import { Field } from '../../components/field';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { intel } from '../../rpc/clients';
import { DisclosedForm } from './disclosed-form';

export function RevokeForm({ alert }: { readonly alert: Alert }) {
  const intl = useIntl();
  const { refusal, busy, run, fieldError } = useRefusable();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() => intel.revokeAlert({ alertId: alert.id, reason }), () => undefined);
  };
  return (
    <DisclosedForm title={intl.formatMessage({ id: 'alerts.revokeForm' })} onSubmit={submit}>
      <RefusalBanner refusal={refusal} shownFields={['reason']} />
      <Field label={intl.formatMessage({ id: 'alerts.field.revokeReason' })} error={fieldError('reason')}>
        {({ id, describedBy, invalid }) => <input id={id} name="revoke-reason" value={reason} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        <FormattedMessage id="alerts.revoke" />
      </button>
    </DisclosedForm>
  );
}
