/** One request for assistance: who asked whom, what about, by when; the agency asked accepts or declines it. */
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { AssistanceKind, RequestStatus, TaskingService, type AssistanceRequest } from '@concord/web-contracts/tasking';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { tasking } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { useFormatInstant } from '../../time/format';
import { OverdueBadge } from './overdue-badge';

export function RequestCard({ request, onChanged }: { readonly request: AssistanceRequest; readonly onChanged: () => void }) {
  const intl = useIntl();
  const session = useSession();
  const formatInstant = useFormatInstant();
  const { refusal, busy, run } = useRefusable();
  const [reason, setReason] = useState('');
  const kind = intl.formatMessage({ id: `tasks.kind.${AssistanceKind[request.kind]}` });
  const mayAnswer = request.toAgency === session.agency && request.status === RequestStatus.REQUESTED && mayCall(session, TaskingService, 'AnswerRequest');
  const answer = (accept: boolean) => run(() => tasking.answerRequest({ requestId: request.id, accept, reason }), onChanged);
  return (
    <article className={request.overdue ? 'panel card overdue' : 'panel card'} data-request={request.id}>
      <h4>
        <FormattedMessage id="tasks.request.title" values={{ kind, from: request.fromAgency, to: request.toAgency }} />
      </h4>
      <p>{request.subject}</p>
      <p className="inline-list">
        <span className="status">{intl.formatMessage({ id: `tasks.requestStatus.${RequestStatus[request.status]}` })}</span>
        <span>
          <FormattedMessage id="tasks.due" values={{ due: formatInstant(request.dueAt) }} />
        </span>
        <OverdueBadge overdue={request.overdue} />
      </p>
      {request.answer ? <p className="card-note">{request.answer}</p> : null}
      <RefusalBanner refusal={refusal} shownFields={[]} />
      {mayAnswer ? (
        <div className="button-row">
          <button type="button" disabled={busy} onClick={() => answer(true)}>
            <FormattedMessage id="tasks.request.accept" />
          </button>
          <label>
            <FormattedMessage id="tasks.request.reason" />
            <input value={reason} onChange={(event) => setReason(event.target.value)} />
          </label>
          <button type="button" disabled={busy} onClick={() => answer(false)}>
            <FormattedMessage id="tasks.request.decline" />
          </button>
        </div>
      ) : null}
    </article>
  );
}
