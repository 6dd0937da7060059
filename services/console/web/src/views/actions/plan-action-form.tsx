/** Plans a national action of this agency; private fields are marked as staying in the agency. */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ActionKind } from '@concord/web-contracts/planning';
import { Field } from '../../components/field';
import { PeriodFields, type PeriodInput } from '../../components/period-fields';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { planning } from '../../rpc/clients';
import { periodOf } from '../../time/period';
import { useZone } from '../../time/zone-provider';
import type { MessageId } from '../../i18n/locales';

const kinds = Object.values(ActionKind).filter((kind): kind is ActionKind => typeof kind === 'number' && kind !== ActionKind.UNSPECIFIED);

type TextField = 'jurisdiction' | 'leadUnit' | 'location' | 'targets' | 'locations' | 'officers' | 'notes';

/** Each text field: its label, the proto path a refusal names, whether it stays private. */
const textFields: ReadonlyArray<{ readonly key: TextField; readonly label: MessageId; readonly path: string; readonly private: boolean }> = [
  { key: 'jurisdiction', label: 'action.jurisdiction', path: 'jurisdiction', private: false },
  { key: 'leadUnit', label: 'action.leadUnit', path: 'lead_unit', private: true },
  { key: 'location', label: 'action.location', path: 'location', private: true },
  { key: 'targets', label: 'action.targets', path: 'details.targets', private: true },
  { key: 'locations', label: 'action.locations', path: 'details.locations', private: true },
  { key: 'officers', label: 'action.officers', path: 'details.officers', private: true },
  { key: 'notes', label: 'action.notes', path: 'details.notes', private: true },
];

const emptyText: Record<TextField, string> = { jurisdiction: '', leadUnit: '', location: '', targets: '', locations: '', officers: '', notes: '' };

export function PlanActionForm({ operationId, onPlanned }: { readonly operationId: string; readonly onPlanned: () => void }) {
  const intl = useIntl();
  const { zone } = useZone();
  const { refusal, busy, run, fieldError } = useRefusable();
  const [kind, setKind] = useState<ActionKind>(ActionKind.VESSEL_INTERDICTION);
  const [window, setWindow] = useState<PeriodInput>({ start: '', end: '' });
  const [text, setText] = useState(emptyText);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () =>
        planning.planAction({
          operationId,
          kind,
          window: periodOf(window, zone),
          jurisdiction: text.jurisdiction,
          leadUnit: text.leadUnit,
          location: text.location,
          details: { targets: text.targets, locations: text.locations, officers: text.officers, notes: text.notes },
        }),
      () => {
        setWindow({ start: '', end: '' });
        setText(emptyText);
        onPlanned();
      },
    );
  };
  const privateHint = intl.formatMessage({ id: 'action.privateHint' });
  return (
    <form className="panel" aria-labelledby="plan-action-heading" onSubmit={submit} noValidate>
      <h2 id="plan-action-heading">
        <FormattedMessage id="planAction.heading" />
      </h2>
      <RefusalBanner refusal={refusal} shownFields={['kind', 'window', 'window.start', 'window.end', ...textFields.map((field) => field.path)]} />
      <Field label={intl.formatMessage({ id: 'action.kind' })} error={fieldError('kind')}>
        {({ id, describedBy, invalid }) => (
          <select id={id} name="kind" value={kind} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setKind(Number(event.target.value))}>
            {kinds.map((value) => (
              <option key={value} value={value}>
                {intl.formatMessage({ id: `action.kind.${ActionKind[value]}` })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PeriodFields value={window} onChange={setWindow} path="window" fieldError={fieldError} name="window" />
      {textFields.map((field) => (
        <Field key={field.key} label={intl.formatMessage({ id: field.label })} hint={field.private ? privateHint : undefined} error={fieldError(field.path)}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name={field.key}
              value={text[field.key]}
              className={field.private ? 'private-input' : undefined}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(event) => setText({ ...text, [field.key]: event.target.value })}
            />
          )}
        </Field>
      ))}
      <button type="submit" disabled={busy}>
        <FormattedMessage id="planAction.submit" />
      </button>
    </form>
  );
}
