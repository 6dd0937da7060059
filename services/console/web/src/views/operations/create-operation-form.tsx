/** Creates an operation led by this agency (planners); what was typed stays when the server refuses a field. */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { AgencyChecklist } from '../../components/agency-checklist';
import { Field } from '../../components/field';
import { PeriodFields, type PeriodInput } from '../../components/period-fields';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { planning } from '../../rpc/clients';
import { useSession } from '../../session/session-context';
import { periodOf } from '../../time/period';
import { useZone } from '../../time/zone-provider';

const shownFields = ['name', 'participants', 'co_chairs', 'supporters', 'period', 'period.start', 'period.end'];

export function CreateOperationForm({ onCreated }: { readonly onCreated: () => void }) {
  const intl = useIntl();
  const session = useSession();
  const { zone } = useZone();
  const { refusal, busy, run, fieldError } = useRefusable();
  const [name, setName] = useState('');
  const [participants, setParticipants] = useState<readonly string[]>([]);
  const [coChairs, setCoChairs] = useState<readonly string[]>([]);
  const [supporters, setSupporters] = useState<readonly string[]>([]);
  const [period, setPeriod] = useState<PeriodInput>({ start: '', end: '' });
  const others = session.agencies.map((agency) => agency.id).filter((id) => id !== session.agency);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () =>
        planning.createOperation({
          name,
          participants: [...participants],
          coChairs: [session.agency, ...coChairs],
          supporters: [...supporters],
          period: periodOf(period, zone),
        }),
      () => {
        setName('');
        setParticipants([]);
        setCoChairs([]);
        setSupporters([]);
        setPeriod({ start: '', end: '' });
        onCreated();
      },
    );
  };
  return (
    <form className="panel" aria-labelledby="create-operation-heading" onSubmit={submit} noValidate>
      <h2 id="create-operation-heading">
        <FormattedMessage id="createOperation.heading" />
      </h2>
      <RefusalBanner refusal={refusal} shownFields={shownFields} />
      <Field label={intl.formatMessage({ id: 'createOperation.name' })} error={fieldError('name')}>
        {({ id, describedBy, invalid }) => (
          <input id={id} name="name" value={name} required maxLength={200} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setName(event.target.value)} />
        )}
      </Field>
      <AgencyChecklist
        legend={intl.formatMessage({ id: 'createOperation.participants' })}
        name="participants"
        agencies={others}
        value={participants}
        onChange={setParticipants}
        error={fieldError('participants')}
      />
      <AgencyChecklist
        legend={intl.formatMessage({ id: 'createOperation.coChair' }, { agency: session.agency })}
        name="co-chairs"
        agencies={participants}
        value={coChairs}
        onChange={setCoChairs}
        error={fieldError('co_chairs')}
      />
      <AgencyChecklist
        legend={intl.formatMessage({ id: 'createOperation.supporters' })}
        name="supporters"
        agencies={others.filter((id) => !participants.includes(id))}
        value={supporters}
        onChange={setSupporters}
        error={fieldError('supporters')}
      />
      <PeriodFields value={period} onChange={setPeriod} path="period" fieldError={fieldError} name="period" />
      <button type="submit" disabled={busy}>
        <FormattedMessage id="createOperation.submit" />
      </button>
    </form>
  );
}
