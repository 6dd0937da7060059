/**
 * An analyst composes and publishes an alert. The service validates it; a field it refuses shows the
 * service's words beside that field, and the form keeps everything typed.
 */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { AlertKind, InformationCredibility, SourceReliability, TlpLabel } from '@concord/web-contracts/intel';
import { AgencyChecklist } from '../../components/agency-checklist';
import { Field } from '../../components/field';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { intel } from '../../rpc/clients';
import { useSession } from '../../session/session-context';
import { useZone } from '../../time/zone-provider';
import { credibilityDigit } from './credibility-digit';
import { commonInputs, detailInputs, emptyDraft, publishRequestOf, type Draft } from './compose-content';

const kinds = [AlertKind.VESSEL_OF_INTEREST, AlertKind.PERSON_OF_INTEREST, AlertKind.DOCUMENT_FRAUD_PATTERN, AlertKind.ROUTE_OR_MODUS_OPERANDI, AlertKind.OTHER];
const labels = [TlpLabel.CLEAR, TlpLabel.GREEN, TlpLabel.AMBER, TlpLabel.AMBER_STRICT, TlpLabel.RED];
const sources = [SourceReliability.A, SourceReliability.B, SourceReliability.C, SourceReliability.D, SourceReliability.E, SourceReliability.F];
const credibilities = [
  InformationCredibility.INFORMATION_CREDIBILITY_1,
  InformationCredibility.INFORMATION_CREDIBILITY_2,
  InformationCredibility.INFORMATION_CREDIBILITY_3,
  InformationCredibility.INFORMATION_CREDIBILITY_4,
  InformationCredibility.INFORMATION_CREDIBILITY_5,
  InformationCredibility.INFORMATION_CREDIBILITY_6,
];

interface Choice<T extends number> {
  readonly name: string;
  readonly path: string;
  readonly values: readonly T[];
  readonly value: T;
  readonly text: (value: T) => string;
  readonly set: (value: T) => void;
}

export function ComposeAlertForm() {
  const intl = useIntl();
  const session = useSession();
  const { zone } = useZone();
  const { refusal, busy, run, fieldError } = useRefusable();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const change = (next: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...next }));
  const type = (name: string, value: string) => setDraft((previous) => ({ ...previous, text: { ...previous.text, [name]: value } }));
  const details = detailInputs[draft.kind];
  const shownFields = ['label', 'release_to', 'content', 'content.kind', 'content.source_reliability', 'content.information_credibility', 'content.body', ...commonInputs.map(([, path]) => path), ...details.map(([, path]) => path)];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () => intel.publishAlert(publishRequestOf(draft, zone)),
      () => setDraft(emptyDraft),
    );
  };

  const textInput = (name: string, path: string, inputType = 'text') => (
    <Field key={name} label={intl.formatMessage({ id: `alerts.field.${name}` })} error={fieldError(path)} hint={inputType === 'datetime-local' ? intl.formatMessage({ id: 'period.zoneHint' }, { zone }) : undefined}>
      {({ id, describedBy, invalid }) => (
        <input id={id} name={name} type={inputType} value={draft.text[name] ?? ''} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => type(name, event.target.value)} />
      )}
    </Field>
  );
  const choice = <T extends number>({ name, path, values, value, text, set }: Choice<T>) => (
    <Field key={name} label={intl.formatMessage({ id: `alerts.field.${name}` })} error={fieldError(path)}>
      {({ id, describedBy, invalid }) => (
        <select id={id} name={name} value={value} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => set(Number(event.target.value) as T)}>
          {values.map((option) => (
            <option key={option} value={option}>
              {text(option)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form className="panel" aria-labelledby="compose-alert-heading" onSubmit={submit} noValidate>
      <h2 id="compose-alert-heading">
        <FormattedMessage id="alerts.compose" />
      </h2>
      <RefusalBanner refusal={refusal} shownFields={shownFields} />
      {choice({ name: 'kind', path: 'content.kind', values: kinds, value: draft.kind, text: (kind) => intl.formatMessage({ id: `alerts.kind.${AlertKind[kind]}` }), set: (kind) => change({ kind }) })}
      {textInput('title', 'content.title')}
      {choice({ name: 'label', path: 'label', values: labels, value: draft.label, text: (label) => `${intl.formatMessage({ id: `alerts.tlp.${TlpLabel[label]}` })}: ${intl.formatMessage({ id: `alerts.tlpMeaning.${TlpLabel[label]}` })}`, set: (label) => change({ label }) })}
      <AgencyChecklist
        legend={intl.formatMessage({ id: 'alerts.field.releaseTo' })}
        name="release-to"
        agencies={session.agencies.map((agency) => agency.id).filter((id) => id !== session.agency)}
        value={draft.releaseTo}
        onChange={(releaseTo) => change({ releaseTo })}
        error={fieldError('release_to')}
      />
      {details.map(([name, path]) => textInput(name, path))}
      {commonInputs.slice(1).map(([name, path, inputType]) => textInput(name, path, inputType))}
      {choice({ name: 'source', path: 'content.source_reliability', values: sources, value: draft.source, text: (source) => `${SourceReliability[source]}: ${intl.formatMessage({ id: `alerts.source.${SourceReliability[source]}` })}`, set: (source) => change({ source }) })}
      {choice({ name: 'credibility', path: 'content.information_credibility', values: credibilities, value: draft.credibility, text: (value) => `${credibilityDigit(value)}: ${intl.formatMessage({ id: `alerts.credibility.${credibilityDigit(value)}` })}`, set: (credibility) => change({ credibility }) })}
      <Field label={intl.formatMessage({ id: 'alerts.field.body' })} error={fieldError('content.body')}>
        {({ id, describedBy, invalid }) => <textarea id={id} name="body" rows={5} value={draft.text.body ?? ''} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => type('body', event.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        <FormattedMessage id="alerts.publish" />
      </button>
    </form>
  );
}
