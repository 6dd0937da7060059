/** Sightings and outcomes reported on an alert, with who reported them and when. */
import { FormattedMessage, useIntl } from 'react-intl';
import { FeedbackKind, type Feedback } from '@concord/web-contracts/intel';
import { useFormatInstant } from '../../time/format';

export function FeedbackList({ feedback }: { readonly feedback: readonly Feedback[] }) {
  const intl = useIntl();
  const formatInstant = useFormatInstant();
  if (feedback.length === 0) return null;
  return (
    <>
      <h4>
        <FormattedMessage id="alerts.feedback" />
      </h4>
      <ul className="alert-receipts">
        {feedback.map((item) => (
          <li key={item.id}>
            {intl.formatMessage(
              { id: 'alerts.feedbackItem' },
              { agency: item.agency, kind: intl.formatMessage({ id: `alerts.feedbackKind.${FeedbackKind[item.kind]}` }), place: item.place, note: item.note, at: formatInstant(item.observedAt ?? item.recordedAt) },
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
