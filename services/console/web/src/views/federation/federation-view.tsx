/**
 * Federation: the agencies of the manifest with their role and time zone, this agency's people and
 * their roles (for those whose roles may list them), and the health of this agency's link to each peer.
 */
import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { AccessService, type User } from '@concord/web-contracts/access';
import { ColumnHeads } from '../../components/column-heads';
import { useLocaleChoice } from '../../i18n/i18n-provider';
import { access } from '../../rpc/clients';
import { mayCall, signIn } from '../../session/session';
import { useSession } from '../../session/session-context';
import { useFormatInstant } from '../../time/format';
import { fetchLinkHealth, type LinkHealth } from './link-health';

const agencyColumns = ['federation.column.agency', 'federation.column.name', 'federation.column.role', 'federation.column.zone'] as const;
const peopleColumns = ['federation.column.username', 'federation.column.person', 'federation.column.roles', 'federation.column.state'] as const;
const linkColumns = ['federation.column.peer', 'federation.column.connected', 'federation.column.pending', 'federation.column.lastDelivery', 'federation.column.refusals'] as const;

function Agencies() {
  const intl = useIntl();
  const session = useSession();
  return (
    <table className="agencies">
      <caption>
        <FormattedMessage id="federation.agenciesCaption" />
      </caption>
      <ColumnHeads columns={agencyColumns} />
      <tbody>
        {session.agencies.map((agency) => (
          <tr key={agency.id} data-agency={agency.id} aria-current={agency.id === session.agency ? 'true' : undefined}>
            <th scope="row">{agency.id}</th>
            <td>{agency.name}</td>
            <td>{intl.formatMessage({ id: agency.role === 'supporter' ? 'federation.role.supporter' : 'federation.role.participant' })}</td>
            <td>{agency.timeZone}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function People() {
  const intl = useIntl();
  const [people, setPeople] = useState<readonly User[] | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    access.listUsers({}).then(
      (response) => setPeople(response.users),
      () => setFailed(true),
    );
  }, []);
  if (failed) {
    return (
      <p role="alert" className="banner banner-error">
        <FormattedMessage id="federation.peopleFailed" />
      </p>
    );
  }
  return (
    <table className="people">
      <caption>
        <FormattedMessage id="federation.peopleCaption" values={{ count: people?.length ?? 0 }} />
      </caption>
      <ColumnHeads columns={peopleColumns} />
      <tbody>
        {(people ?? []).map((person) => (
          <tr key={person.username} data-person={person.username}>
            <th scope="row">{person.username}</th>
            <td>{person.displayName}</td>
            <td>{person.roles.join(', ')}</td>
            <td>{intl.formatMessage({ id: person.disabled ? 'federation.person.disabled' : 'federation.person.enabled' })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Links() {
  const intl = useIntl();
  const { locale } = useLocaleChoice();
  const formatInstant = useFormatInstant();
  const [health, setHealth] = useState<LinkHealth | undefined>(undefined);
  useEffect(() => {
    const abort = new AbortController();
    fetchLinkHealth(abort.signal).then(
      (answer) => (answer.kind === 'signed-out' ? signIn(locale) : setHealth(answer)),
      () => abort.signal.aborted || setHealth({ kind: 'unavailable' }),
    );
    return () => abort.abort();
  }, [locale]);
  if (health?.kind === 'unavailable') {
    return (
      <p role="alert" className="banner banner-error">
        <FormattedMessage id="federation.linksUnavailable" />
      </p>
    );
  }
  const peers = health?.kind === 'peers' ? health.peers : [];
  return (
    <table className="links" aria-busy={health === undefined}>
      <caption>
        <FormattedMessage id="federation.linksCaption" />
      </caption>
      <ColumnHeads columns={linkColumns} />
      <tbody>
        {peers.map((link) => (
          <tr key={link.peer} data-peer={link.peer} className={link.connected ? undefined : 'link-down'}>
            <th scope="row">{link.peer}</th>
            <td>{intl.formatMessage({ id: link.connected ? 'federation.link.up' : 'federation.link.down' })}</td>
            <td>{link.pending}</td>
            <td>{link.lastDelivery ? formatInstant(new Date(link.lastDelivery)) : intl.formatMessage({ id: 'federation.link.noDelivery' })}</td>
            <td>{link.refusalsLastHour}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function FederationView() {
  const session = useSession();
  const mayListPeople = mayCall(session, AccessService, 'ListUsers');
  return (
    <section aria-labelledby="federation-heading">
      <h1 id="federation-heading">
        <FormattedMessage id="federation.heading" />
      </h1>
      <Agencies />
      <h2>
        <FormattedMessage id="federation.peopleHeading" values={{ agency: session.agency }} />
      </h2>
      {mayListPeople ? (
        <People />
      ) : (
        <p>
          <FormattedMessage id="federation.peopleHidden" />
        </p>
      )}
      <h2>
        <FormattedMessage id="federation.linksHeading" values={{ agency: session.agency }} />
      </h2>
      <Links />
    </section>
  );
}
