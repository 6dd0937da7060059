/** Operations: every operation this agency leads, takes part in or supports, its answers, and a form to create one. */
import { useCallback, useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { PlanningService, type Operation } from '@concord/web-contracts/planning';
import { planning } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { ColumnHeads } from '../../components/column-heads';
import { CreateOperationForm } from './create-operation-form';
import { OperationRow } from './operation-row';

const columns = [
  'operations.column.name',
  'operations.column.lead',
  'operations.column.period',
  'operations.column.status',
  'operations.column.answers',
  'operations.column.mine',
] as const;

export default function OperationsView() {
  const session = useSession();
  const [operations, setOperations] = useState<readonly Operation[] | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const reload = useCallback(() => {
    planning.listOperations({}).then(
      (response) => {
        setOperations(response.operations);
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, []);
  useEffect(reload, [reload]);
  const mayCreate = mayCall(session, PlanningService, 'CreateOperation');
  return (
    <section aria-labelledby="operations-heading">
      <h1 id="operations-heading">
        <FormattedMessage id="operations.heading" />
      </h1>
      {failed ? (
        <p role="alert" className="banner banner-error">
          <FormattedMessage id="operations.loadFailed" />
        </p>
      ) : null}
      {operations?.length === 0 ? (
        <p>
          <FormattedMessage id="operations.none" />
        </p>
      ) : null}
      {operations && operations.length > 0 ? (
        <table className="operations">
          <ColumnHeads columns={columns} />
          <tbody>
            {operations.map((operation) => (
              <OperationRow key={operation.id} operation={operation} onChanged={reload} />
            ))}
          </tbody>
        </table>
      ) : null}
      {mayCreate ? <CreateOperationForm onCreated={reload} /> : null}
    </section>
  );
}
