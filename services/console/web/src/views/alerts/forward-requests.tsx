/** Forwarding requests on an alert with where each stands; the originator's supervisors decide pending ones. */
import { FormattedMessage, useIntl } from 'react-intl';
import { ForwardStatus, IntelService, type Alert, type ForwardRequest } from '@concord/web-contracts/intel';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { intel } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';

function Decision({ alert, request }: { readonly alert: Alert; readonly request: ForwardRequest }) {
  const intl = useIntl();
  const { refusal, busy, run } = useRefusable();
  const decide = (approve: boolean) => run(() => intel.decideForward({ alertId: alert.id, requestId: request.id, approve, reason: '' }), () => undefined);
  const names = { agency: request.toAgency };
  return (
    <div className="button-row">
      <RefusalBanner refusal={refusal} shownFields={[]} />
      <button type="button" disabled={busy} onClick={() => decide(true)} aria-label={intl.formatMessage({ id: 'alerts.approveLabel' }, names)}>
        <FormattedMessage id="alerts.approve" />
      </button>
      <button type="button" disabled={busy} onClick={() => decide(false)} aria-label={intl.formatMessage({ id: 'alerts.refuseLabel' }, names)}>
        <FormattedMessage id="alerts.refuse" />
      </button>
    </div>
  );
}

export function ForwardRequests({ alert, own }: { readonly alert: Alert; readonly own: boolean }) {
  const intl = useIntl();
  const session = useSession();
  if (alert.forwardRequests.length === 0) return null;
  const mayDecide = own && mayCall(session, IntelService, 'DecideForward');
  return (
    <>
      <h4>
        <FormattedMessage id="alerts.forwardRequests" />
      </h4>
      <ul className="alert-receipts">
        {alert.forwardRequests.map((request) => (
          <li key={request.id} data-forward={request.toAgency}>
            {intl.formatMessage(
              { id: 'alerts.forwardItem' },
              { from: request.requestedBy, to: request.toAgency, reason: request.reason, status: intl.formatMessage({ id: `alerts.forwardStatus.${ForwardStatus[request.status]}` }) },
            )}
            {mayDecide && request.status === ForwardStatus.PENDING ? <Decision alert={alert} request={request} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
