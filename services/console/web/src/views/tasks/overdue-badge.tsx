/** The overdue mark: words as well as colour, so it reads the same to everyone. */
import { FormattedMessage } from 'react-intl';

export function OverdueBadge({ overdue }: { readonly overdue: boolean }) {
  if (!overdue) return null;
  return (
    <strong className="overdue-badge">
      <FormattedMessage id="tasks.overdue" />
    </strong>
  );
}
