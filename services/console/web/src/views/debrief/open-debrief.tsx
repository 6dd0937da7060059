/** The lead's concluded operations that have no debrief yet, each with the button that opens one for every member. */
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { DebriefService } from '@concord/web-contracts/debrief';
import { OperationStatus, type Operation } from '@concord/web-contracts/planning';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { debrief, planning } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';

export function OpenDebrief({ debriefed, onOpened }: { readonly debriefed: readonly string[]; readonly onOpened: (operationId: string) => void }) {
  const intl = useIntl();
  const session = useSession();
  const { refusal, busy, run } = useRefusable();
  const [operations, setOperations] = useState<readonly Operation[]>([]);
  const mayOpen = mayCall(session, DebriefService, 'OpenDebrief');
  useEffect(() => {
    if (!mayOpen) return;
    planning.listOperations({}).then(
      (response) => setOperations(response.operations),
      () => setOperations([]),
    );
  }, [mayOpen]);
  const waiting = operations.filter((o) => o.status === OperationStatus.CONCLUDED && o.leadAgency === session.agency && !debriefed.includes(o.id));
  if (waiting.length === 0) return null;
  return (
    <div className="panel">
      <RefusalBanner refusal={refusal} shownFields={[]} />
      {waiting.map((operation) => (
        <div key={operation.id} className="button-row">
          <button type="button" disabled={busy} onClick={() => run(() => debrief.openDebrief({ operationId: operation.id }), () => onOpened(operation.id))}>
            {intl.formatMessage({ id: 'debrief.open' }, { name: operation.name })}
          </button>
        </div>
      ))}
    </div>
  );
}
