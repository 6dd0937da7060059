/** A table's header row, one column per message id. */
import { FormattedMessage } from 'react-intl';
import type { MessageId } from '../i18n/locales';

export function ColumnHeads({ columns }: { readonly columns: readonly MessageId[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            <FormattedMessage id={column} />
          </th>
        ))}
      </tr>
    </thead>
  );
}
