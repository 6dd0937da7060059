/** Alerts: the inbox of alerts other agencies released to this one, those it published, and composing one. */
import { FormattedMessage } from 'react-intl';
import { IntelService, type Alert } from '@concord/web-contracts/intel';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { AlertCard } from './alert-card';
import { ComposeAlertForm } from './compose-alert-form';
import { headlineKey, useAlertStream, type AlertStream } from './use-alert-stream';
import './alerts.css';

function AlertList({ alerts, stream, none }: { readonly alerts: readonly Alert[]; readonly stream: AlertStream; readonly none: 'alerts.inboxEmpty' | 'alerts.publishedEmpty' }) {
  if (alerts.length === 0) {
    return (
      <p>
        <FormattedMessage id={none} />
      </p>
    );
  }
  return alerts.map((alert) => <AlertCard key={alert.id} alert={alert} headline={stream.headlines.get(headlineKey(alert))} />);
}

function Alerts() {
  const session = useSession();
  const stream = useAlertStream();
  const received = stream.alerts.filter((alert) => alert.origin !== session.agency);
  const published = stream.alerts.filter((alert) => alert.origin === session.agency);
  return (
    <>
      {stream.lost ? (
        <p role="status" className="banner banner-warning">
          <FormattedMessage id="alerts.connectionLost" />
        </p>
      ) : null}
      <section aria-labelledby="alerts-inbox-heading" className="alerts-inbox">
        <h2 id="alerts-inbox-heading">
          <FormattedMessage id="alerts.inbox" />
        </h2>
        <AlertList alerts={received} stream={stream} none="alerts.inboxEmpty" />
      </section>
      <section aria-labelledby="alerts-published-heading" className="alerts-published">
        <h2 id="alerts-published-heading">
          <FormattedMessage id="alerts.published" values={{ agency: session.agency }} />
        </h2>
        <AlertList alerts={published} stream={stream} none="alerts.publishedEmpty" />
      </section>
      {mayCall(session, IntelService, 'PublishAlert') ? <ComposeAlertForm /> : null}
    </>
  );
}

export default function AlertsView() {
  const session = useSession();
  // Reading alerts is for analysts: others are told so rather than shown a refusal.
  const mayRead = mayCall(session, IntelService, 'WatchAlerts');
  return (
    <section aria-labelledby="alerts-heading">
      <h1 id="alerts-heading">
        <FormattedMessage id="alerts.heading" />
      </h1>
      {mayRead ? (
        <Alerts />
      ) : (
        <p>
          <FormattedMessage id="alerts.notAnalyst" />
        </p>
      )}
    </section>
  );
}
