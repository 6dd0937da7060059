/** Requests for assistance (made and received) and this agency's tasks, each a board by status, overdue ones marked. */
import { useCallback, useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { TaskingService, type AssistanceRequest, type Task } from '@concord/web-contracts/tasking';
import { StatusBoard } from '../../components/status-board';
import { tasking } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { requestColumns, taskColumns } from './board-columns';
import { RequestCard } from './request-card';
import { TaskCard } from './task-card';

interface Work {
  readonly requests: readonly AssistanceRequest[];
  readonly tasks: readonly Task[];
}

export default function TasksView() {
  const intl = useIntl();
  const session = useSession();
  // Tasks and requests are private reads: a role without them is told so rather than refused.
  const mayRead = mayCall(session, TaskingService, 'ListRequests') && mayCall(session, TaskingService, 'ListTasks');
  const [work, setWork] = useState<Work>({ requests: [], tasks: [] });
  const [failed, setFailed] = useState(false);
  const reload = useCallback(() => {
    if (!mayRead) return;
    Promise.all([tasking.listRequests({ includeClosed: true }), tasking.listTasks({ includeClosed: true })]).then(
      ([requests, tasks]) => {
        setWork({ requests: requests.requests, tasks: tasks.tasks });
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, [mayRead]);
  useEffect(reload, [reload]);
  return (
    <section aria-labelledby="tasks-heading">
      <h1 id="tasks-heading">
        <FormattedMessage id="tasks.heading" />
      </h1>
      {!mayRead ? (
        <p>
          <FormattedMessage id="tasks.notYours" />
        </p>
      ) : null}
      {failed ? (
        <p role="alert" className="banner banner-error">
          <FormattedMessage id="tasks.loadFailed" />
        </p>
      ) : null}
      {mayRead ? (
        <>
          <h2>
            <FormattedMessage id="tasks.requests" />
          </h2>
          <StatusBoard label={intl.formatMessage({ id: 'tasks.requests' })} columns={requestColumns(work.requests)} keyOf={(request) => request.id} card={(request) => <RequestCard request={request} onChanged={reload} />} />
          <h2>
            <FormattedMessage id="tasks.tasks" values={{ agency: session.agency }} />
          </h2>
          <StatusBoard label={intl.formatMessage({ id: 'tasks.tasks' }, { agency: session.agency })} columns={taskColumns(work.tasks)} keyOf={(task) => task.id} card={(task) => <TaskCard task={task} onChanged={reload} />} />
        </>
      ) : null}
    </section>
  );
}
