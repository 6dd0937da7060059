/**
 * One alert as this agency holds it: its TLP banner, what it is, when it expires, and what the person's
 * roles let them do with it. Reading its content is an explicit act, since the service audits it as opened.
 */
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { AlertKind, IntelService, TlpLabel, type Alert, type AlertContent } from '@concord/web-contracts/intel';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { intel } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { useFormatInstant } from '../../time/format';
import { AlertDetails } from './alert-details';
import { ExpiryCountdown } from './expiry-countdown';
import { FeedbackForm } from './feedback-form';
import { FeedbackList } from './feedback-list';
import { ForwardForm } from './forward-form';
import { ForwardRequests } from './forward-requests';
import { Receipts } from './receipts';
import { RevokeForm } from './revoke-form';
import { TlpBanner } from './tlp-banner';

/** TLP:RED and TLP:AMBER+STRICT alerts cannot be forwarded; the service refuses, so the form is not offered. */
const forwardable = new Set([TlpLabel.CLEAR, TlpLabel.GREEN, TlpLabel.AMBER]);

interface AlertCardProps {
  readonly alert: Alert;
  readonly headline: AlertContent | undefined;
}

export function AlertCard({ alert, headline }: AlertCardProps) {
  const intl = useIntl();
  const session = useSession();
  const formatInstant = useFormatInstant();
  const own = alert.origin === session.agency;
  const may = (method: string) => mayCall(session, IntelService, method);
  const opening = useRefusable();
  const [opened, setOpened] = useState<Alert | undefined>(undefined);
  const acknowledging = useRefusable();
  const acknowledged = (alert.deliveries.find((delivery) => delivery.agency === session.agency)?.acknowledgedVersion ?? 0) >= alert.version;
  const content = opened?.version === alert.version ? opened.content : undefined;
  const title = headline?.title ?? intl.formatMessage({ id: 'alerts.untitled' });
  const names = { title };
  return (
    <article className="alert" data-alert={alert.id} aria-labelledby={`alert-${alert.id}`}>
      <TlpBanner label={alert.label} />
      <h3 id={`alert-${alert.id}`}>{title}</h3>
      <ul className="alert-facts">
        {headline ? <li>{intl.formatMessage({ id: `alerts.kind.${AlertKind[headline.kind]}` })}</li> : null}
        <li>
          <FormattedMessage id="alerts.from" values={{ agency: alert.origin, version: alert.version, at: formatInstant(alert.updatedAt ?? alert.publishedAt) }} />
        </li>
        <li>
          <ExpiryCountdown expiresAt={alert.expiresAt} />
        </li>
      </ul>
      {own ? <Receipts alert={alert} /> : null}
      <RefusalBanner refusal={opening.refusal ?? acknowledging.refusal} shownFields={[]} />
      <div className="button-row">
        {content ? null : (
          <button type="button" disabled={opening.busy} onClick={() => opening.run(() => intel.getAlert({ alertId: alert.id }).then((response) => setOpened(response.alert)), () => undefined)} aria-label={intl.formatMessage({ id: 'alerts.readLabel' }, names)}>
            <FormattedMessage id="alerts.read" />
          </button>
        )}
        {!own && may('AcknowledgeAlert') && !acknowledged ? (
          <button type="button" disabled={acknowledging.busy} onClick={() => acknowledging.run(() => intel.acknowledgeAlert({ alertId: alert.id }), () => undefined)} aria-label={intl.formatMessage({ id: 'alerts.acknowledgeLabel' }, names)}>
            <FormattedMessage id="alerts.acknowledge" />
          </button>
        ) : null}
        {!own && acknowledged ? (
          <span className="status">
            <FormattedMessage id="alerts.acknowledgedByUs" />
          </span>
        ) : null}
      </div>
      {content ? <AlertDetails content={content} /> : null}
      <FeedbackList feedback={alert.feedback} />
      <ForwardRequests alert={alert} own={own} />
      {!own && may('AddFeedback') ? <FeedbackForm alert={alert} /> : null}
      {!own && may('RequestForward') && forwardable.has(alert.label) ? <ForwardForm alert={alert} /> : null}
      {own && may('RevokeAlert') ? <RevokeForm alert={alert} /> : null}
    </article>
  );
}
