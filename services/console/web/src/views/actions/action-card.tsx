/** One national action: the shared projection, this agency's private fields marked private, release and progress. */
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ActionKind, ActionStatus, PlanningService, type NationalAction } from '@concord/web-contracts/planning';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { planning } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { useFormatInstant } from '../../time/format';

const progressSteps = [ActionStatus.STARTED, ActionStatus.COMPLETED, ActionStatus.CANCELLED] as const;

export function ActionCard({ action, own, onChanged }: { readonly action: NationalAction; readonly own: boolean; readonly onChanged: () => void }) {
  const intl = useIntl();
  const session = useSession();
  const formatInstant = useFormatInstant();
  const { refusal, busy, run } = useRefusable();
  const [acknowledge, setAcknowledge] = useState(false);
  const [status, setStatus] = useState<ActionStatus>(ActionStatus.STARTED);
  const kind = intl.formatMessage({ id: `action.kind.${ActionKind[action.kind]}` });
  const details = action.details;
  const privateRows: ReadonlyArray<readonly [string, string]> = [
    [intl.formatMessage({ id: 'action.leadUnit' }), action.leadUnit],
    [intl.formatMessage({ id: 'action.location' }), action.location],
    [intl.formatMessage({ id: 'action.targets' }), details?.targets ?? ''],
    [intl.formatMessage({ id: 'action.locations' }), details?.locations ?? ''],
    [intl.formatMessage({ id: 'action.officers' }), details?.officers ?? ''],
    [intl.formatMessage({ id: 'action.notes' }), details?.notes ?? ''],
  ];
  const canRelease = own && !action.released && mayCall(session, PlanningService, 'ReleaseAction');
  const canUpdate = own && mayCall(session, PlanningService, 'UpdateAction');
  return (
    <article className="panel action" data-action={action.id} aria-label={intl.formatMessage({ id: 'action.label' }, { kind, agency: action.agency })}>
      <h3>
        <FormattedMessage id="action.title" values={{ kind, agency: action.agency, jurisdiction: action.jurisdiction }} />
      </h3>
      <p>
        <FormattedMessage id="period.range" values={{ start: formatInstant(action.window?.start), end: formatInstant(action.window?.end) }} />
      </p>
      <p className="inline-list">
        <span className="status">{intl.formatMessage({ id: `action.status.${ActionStatus[action.status]}` })}</span>
        <span>
          <FormattedMessage id={action.released ? 'action.released' : 'action.unreleased'} />
        </span>
        {action.outsidePeriod ? (
          <strong className="flag">
            <FormattedMessage id="action.outsidePeriod" />
          </strong>
        ) : null}
      </p>
      {own ? (
        <dl className="private" aria-label={intl.formatMessage({ id: 'action.privateFields' })}>
          {privateRows.map(([label, value]) => (
            <div key={label}>
              <dt>
                {label} <span className="private-badge">{intl.formatMessage({ id: 'action.private' })}</span>
              </dt>
              <dd>{value || intl.formatMessage({ id: 'action.empty' })}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <RefusalBanner refusal={refusal} shownFields={[]} />
      {canRelease ? (
        <div className="button-row">
          {action.outsidePeriod ? (
            <label className="check">
              <input type="checkbox" checked={acknowledge} onChange={(event) => setAcknowledge(event.target.checked)} />
              <FormattedMessage id="action.acknowledgeOutside" />
            </label>
          ) : null}
          <button
            type="button"
            disabled={busy}
            onClick={() => run(() => planning.releaseAction({ actionId: action.id, acknowledgeOutsidePeriod: acknowledge }), onChanged)}
          >
            <FormattedMessage id="action.release" />
          </button>
        </div>
      ) : null}
      {canUpdate ? (
        <div className="button-row">
          <label>
            <FormattedMessage id="action.progress" />
            <select value={status} onChange={(event) => setStatus(Number(event.target.value))}>
              {progressSteps.map((step) => (
                <option key={step} value={step}>
                  {intl.formatMessage({ id: `action.status.${ActionStatus[step]}` })}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => run(() => planning.updateAction({ actionId: action.id, status }), onChanged)}>
            <FormattedMessage id="action.report" />
          </button>
        </div>
      ) : null}
    </article>
  );
}
