/**
 * A co-chair's cancel and conclude of an operation, each behind a confirmation with an optional reason
 * every member sees on the timeline. Shown only to someone whose roles the server would let do it.
 */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { OperationStatus, PlanningService, type Operation } from '@concord/web-contracts/planning';
import { Field } from '../../components/field';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { planning } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';

type Closing = 'cancel' | 'conclude';

const shownFields = ['reason'];
/** Statuses the planning service lets a co-chair close (a proposed operation can only be cancelled). */
const closable: Readonly<Record<Closing, readonly OperationStatus[]>> = {
  cancel: [OperationStatus.DRAFT, OperationStatus.PROPOSED, OperationStatus.AGREED, OperationStatus.ACTIVE],
  conclude: [OperationStatus.AGREED, OperationStatus.ACTIVE],
};
const methods: Readonly<Record<Closing, string>> = { cancel: 'CancelOperation', conclude: 'ConcludeOperation' };

export function CloseOperation({ operation, onClosed }: { readonly operation: Operation; readonly onClosed: () => void }) {
  const intl = useIntl();
  const session = useSession();
  const { refusal, busy, run, fieldError } = useRefusable();
  const [confirming, setConfirming] = useState<Closing | undefined>(undefined);
  const [reason, setReason] = useState('');
  const coChair = operation.coChairs.includes(session.agency);
  const offered = (['cancel', 'conclude'] as const).filter((closing) => coChair && closable[closing].includes(operation.status) && mayCall(session, PlanningService, methods[closing]));
  if (offered.length === 0) return null;
  const label = { name: operation.name };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = { operationId: operation.id, reason };
    run(() => (confirming === 'cancel' ? planning.cancelOperation(request) : planning.concludeOperation(request)), () => {
      setConfirming(undefined);
      onClosed();
    });
  };
  return (
    <div className="close-operation">
      <div className="button-row">
        {offered.map((closing) => (
          <button key={closing} type="button" disabled={busy} aria-expanded={confirming === closing} onClick={() => setConfirming(closing)} aria-label={intl.formatMessage({ id: `close.${closing}Label` }, label)}>
            <FormattedMessage id={`close.${closing}`} />
          </button>
        ))}
      </div>
      {confirming ? (
        <form onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: `close.${confirming}Confirm` }, label)}>
          <p role="status">
            <FormattedMessage id={`close.${confirming}Confirm`} values={label} />
          </p>
          <RefusalBanner refusal={refusal} shownFields={shownFields} />
          <Field label={intl.formatMessage({ id: 'close.reason' })} error={fieldError('reason')}>
            {({ id, describedBy, invalid }) => <textarea id={id} name="reason" value={reason} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setReason(event.target.value)} />}
          </Field>
          <div className="button-row">
            <button type="submit" disabled={busy}>
              <FormattedMessage id={`close.${confirming}Yes`} />
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(undefined)}>
              <FormattedMessage id="close.keep" />
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
