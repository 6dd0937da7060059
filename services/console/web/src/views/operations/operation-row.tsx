/** One operation: its terms, every participant's answer, and this agency's pending answer to give. */
import { FormattedMessage, useIntl } from 'react-intl';
import { OperationStatus, PlanningService, ResponseKind, type Operation } from '@concord/web-contracts/planning';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { useFormatInstant } from '../../time/format';
import { CloseOperation } from './close-operation';
import { RespondForm } from './respond-form';

export function OperationRow({ operation, onChanged }: { readonly operation: Operation; readonly onChanged: () => void }) {
  const intl = useIntl();
  const session = useSession();
  const formatInstant = useFormatInstant();
  const mine = operation.responses.find((response) => response.agency === session.agency);
  const pending = mine?.kind === ResponseKind.PENDING;
  const mayRespond = pending && mayCall(session, PlanningService, 'RespondToOperation');
  return (
    <tr data-operation={operation.id} className={pending ? 'pending' : undefined}>
      <th scope="row">{operation.name}</th>
      <td>{operation.leadAgency}</td>
      <td>
        <FormattedMessage
          id="period.range"
          values={{ start: formatInstant(operation.period?.start), end: formatInstant(operation.period?.end) }}
        />
      </td>
      <td className="inline-list">
        <span className={`status status-${OperationStatus[operation.status].toLowerCase()}`}>
          {intl.formatMessage({ id: `operation.status.${OperationStatus[operation.status]}` })}
        </span>
        <FormattedMessage id="operation.version" values={{ version: operation.version }} />
        <CloseOperation operation={operation} onClosed={onChanged} />
      </td>
      <td>
        <ul className="answers">
          {operation.responses.map((response) => (
            <li key={response.agency}>
              <FormattedMessage
                id="operation.answer"
                values={{ agency: response.agency, answer: intl.formatMessage({ id: `response.kind.${ResponseKind[response.kind]}` }) }}
              />
            </li>
          ))}
        </ul>
      </td>
      <td>
        {mine ? intl.formatMessage({ id: `response.kind.${ResponseKind[mine.kind]}` }) : intl.formatMessage({ id: 'operation.notParticipant' })}
        {mayRespond ? <RespondForm operation={operation} onAnswered={onChanged} /> : null}
      </td>
    </tr>
  );
}
