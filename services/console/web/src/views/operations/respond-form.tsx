/** This agency's answer to the current version: accept, or decline or counter-propose with a reason. */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ResponseKind, type Operation } from '@concord/web-contracts/planning';
import { Field } from '../../components/field';
import { PeriodFields, type PeriodInput } from '../../components/period-fields';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { planning } from '../../rpc/clients';
import { periodOf } from '../../time/period';
import { useZone } from '../../time/zone-provider';

type Answer = 'accept' | 'decline' | 'counter';

const shownFields = ['reason', 'counter_period', 'counter_period.start', 'counter_period.end'];

export function RespondForm({ operation, onAnswered }: { readonly operation: Operation; readonly onAnswered: () => void }) {
  const intl = useIntl();
  const { zone } = useZone();
  const { refusal, busy, run, fieldError } = useRefusable();
  const [answer, setAnswer] = useState<Answer>('accept');
  const [reason, setReason] = useState('');
  const [counter, setCounter] = useState<PeriodInput>({ start: '', end: '' });
  const respond = (kind: ResponseKind) =>
    run(
      () =>
        planning.respondToOperation({
          operationId: operation.id,
          version: operation.version,
          response: kind,
          reason,
          ...(kind === ResponseKind.COUNTER_PROPOSED ? { counterPeriod: periodOf(counter, zone) } : {}),
        }),
      onAnswered,
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    respond(answer === 'decline' ? ResponseKind.DECLINED : ResponseKind.COUNTER_PROPOSED);
  };
  const label = { name: operation.name };
  return (
    <div className="respond">
      <RefusalBanner refusal={refusal} shownFields={shownFields} />
      <div className="button-row">
        <button type="button" disabled={busy} onClick={() => respond(ResponseKind.ACCEPTED)} aria-label={intl.formatMessage({ id: 'respond.acceptLabel' }, label)}>
          <FormattedMessage id="respond.accept" />
        </button>
        <button type="button" disabled={busy} aria-expanded={answer === 'decline'} onClick={() => setAnswer('decline')} aria-label={intl.formatMessage({ id: 'respond.declineLabel' }, label)}>
          <FormattedMessage id="respond.decline" />
        </button>
        <button type="button" disabled={busy} aria-expanded={answer === 'counter'} onClick={() => setAnswer('counter')} aria-label={intl.formatMessage({ id: 'respond.counterLabel' }, label)}>
          <FormattedMessage id="respond.counter" />
        </button>
      </div>
      {answer === 'accept' ? null : (
        <form onSubmit={submit} noValidate>
          <Field label={intl.formatMessage({ id: 'respond.reason' })} error={fieldError('reason')}>
            {({ id, describedBy, invalid }) => (
              <textarea id={id} name="reason" value={reason} required aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setReason(event.target.value)} />
            )}
          </Field>
          {answer === 'counter' ? <PeriodFields value={counter} onChange={setCounter} path="counter_period" fieldError={fieldError} name="counter" /> : null}
          <button type="submit" disabled={busy}>
            <FormattedMessage id={answer === 'decline' ? 'respond.sendDecline' : 'respond.sendCounter'} />
          </button>
        </form>
      )}
    </div>
  );
}
