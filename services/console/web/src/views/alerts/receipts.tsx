/** For the originator: each recipient's delivery and acknowledgement of the current version. */
import { FormattedMessage, useIntl } from 'react-intl';
import type { Alert, RecipientState } from '@concord/web-contracts/intel';
import { useFormatInstant } from '../../time/format';

function stateOf(alert: Alert, delivery: RecipientState | undefined) {
  if (delivery && delivery.acknowledgedVersion >= alert.version) return { id: 'alerts.receipt.acknowledged', at: delivery.acknowledgedAt } as const;
  if (delivery && delivery.deliveredVersion >= alert.version) return { id: 'alerts.receipt.delivered', at: delivery.deliveredAt } as const;
  return { id: 'alerts.receipt.pending', at: undefined } as const;
}

export function Receipts({ alert }: { readonly alert: Alert }) {
  const intl = useIntl();
  const formatInstant = useFormatInstant();
  return (
    <>
      <h4>
        <FormattedMessage id="alerts.receipts" />
      </h4>
      <ul className="alert-receipts">
        {alert.recipients.map((agency) => {
          const state = stateOf(alert, alert.deliveries.find((delivery) => delivery.agency === agency));
          return (
            <li key={agency} data-recipient={agency}>
              {intl.formatMessage({ id: state.id }, { agency, at: formatInstant(state.at) })}
            </li>
          );
        })}
      </ul>
    </>
  );
}
