/** National actions: this agency's plans with their private fields, others' released ones, and planning a new one. */
import { useCallback, useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { PlanningService, type NationalAction } from '@concord/web-contracts/planning';
import { OperationPicker, useChosenOperation } from '../../components/operation-picker';
import { planning } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { ActionCard } from './action-card';
import { PlanActionForm } from './plan-action-form';

export default function ActionsView() {
  const session = useSession();
  const [operationId, setOperationId] = useChosenOperation();
  const [actions, setActions] = useState<readonly NationalAction[]>([]);
  const [failed, setFailed] = useState(false);
  const reload = useCallback(() => {
    if (!operationId) return setActions([]);
    planning.listActions({ operationId }).then(
      (response) => {
        setActions(response.actions);
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, [operationId]);
  useEffect(reload, [reload]);
  const mine = actions.filter((action) => action.agency === session.agency);
  const others = actions.filter((action) => action.agency !== session.agency);
  return (
    <section aria-labelledby="actions-heading">
      <h1 id="actions-heading">
        <FormattedMessage id="actions.heading" />
      </h1>
      <OperationPicker value={operationId} onChange={setOperationId} />
      {failed ? (
        <p role="alert" className="banner banner-error">
          <FormattedMessage id="actions.loadFailed" />
        </p>
      ) : null}
      {operationId ? (
        <>
          <h2>
            <FormattedMessage id="actions.mine" values={{ agency: session.agency }} />
          </h2>
          {mine.length === 0 ? (
            <p>
              <FormattedMessage id="actions.noneMine" />
            </p>
          ) : null}
          {mine.map((action) => (
            <ActionCard key={action.id} action={action} own onChanged={reload} />
          ))}
          <h2>
            <FormattedMessage id="actions.others" />
          </h2>
          {others.length === 0 ? (
            <p>
              <FormattedMessage id="actions.noneOthers" />
            </p>
          ) : null}
          {others.map((action) => (
            <ActionCard key={action.id} action={action} own={false} onChanged={reload} />
          ))}
          {mayCall(session, PlanningService, 'PlanAction') ? <PlanActionForm operationId={operationId} onPlanned={reload} /> : null}
        </>
      ) : null}
    </section>
  );
}
