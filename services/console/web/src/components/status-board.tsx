/**
 * A board of columns, one per stage, each a labelled list of cards: the tasks board and the lessons
 * cycle share it. Each column is a list, so a screen reader announces how many cards it holds.
 */
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageId } from '../i18n/locales';

export interface BoardColumn<T> {
  readonly key: string;
  readonly label: MessageId;
  readonly items: readonly T[];
}

interface StatusBoardProps<T> {
  readonly label: string;
  readonly columns: readonly BoardColumn<T>[];
  readonly keyOf: (item: T) => string;
  readonly card: (item: T) => ReactNode;
}

export function StatusBoard<T>({ label, columns, keyOf, card }: StatusBoardProps<T>) {
  const intl = useIntl();
  return (
    <div className="board" role="group" aria-label={label}>
      {columns.map((column) => (
        <section key={column.key} className="board-column" data-column={column.key} aria-label={intl.formatMessage({ id: column.label })}>
          <h3>
            <FormattedMessage id={column.label} /> <span className="board-count">{intl.formatNumber(column.items.length)}</span>
          </h3>
          {column.items.length === 0 ? (
            <p className="board-empty">
              <FormattedMessage id="board.empty" />
            </p>
          ) : (
            <ul>
              {column.items.map((item) => (
                <li key={keyOf(item)}>{card(item)}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
