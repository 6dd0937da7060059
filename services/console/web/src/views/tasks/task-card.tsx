/** One task of this agency: title, team, assignee, by when, and the one step that moves it on. */
import { FormattedMessage, useIntl } from 'react-intl';
import { TaskStatus, TaskTransition, TaskingService, type Task } from '@concord/web-contracts/tasking';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { tasking } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { useFormatInstant } from '../../time/format';
import { OverdueBadge } from './overdue-badge';

// The lifecycle's forward step from each status; blocking and cancelling need a reason and stay with the CLI.
const nextStep: Partial<Record<TaskStatus, TaskTransition>> = {
  [TaskStatus.CREATED]: TaskTransition.ASSIGN,
  [TaskStatus.ASSIGNED]: TaskTransition.ACCEPT,
  [TaskStatus.ACCEPTED]: TaskTransition.START,
  [TaskStatus.IN_PROGRESS]: TaskTransition.COMPLETE,
  [TaskStatus.BLOCKED]: TaskTransition.RESUME,
};

export function TaskCard({ task, onChanged }: { readonly task: Task; readonly onChanged: () => void }) {
  const intl = useIntl();
  const session = useSession();
  const formatInstant = useFormatInstant();
  const { refusal, busy, run } = useRefusable();
  const step = nextStep[task.status];
  const mayMove = step !== undefined && mayCall(session, TaskingService, 'ChangeTask');
  return (
    <article className={task.overdue ? 'panel card overdue' : 'panel card'} data-task={task.id}>
      <h4>{task.title}</h4>
      <p>
        <FormattedMessage id="tasks.task.who" values={{ team: task.team || '-', assignee: task.assignee || '-' }} />
      </p>
      <p className="inline-list">
        <span className="status">{intl.formatMessage({ id: `tasks.taskStatus.${TaskStatus[task.status]}` })}</span>
        {task.dueAt ? (
          <span>
            <FormattedMessage id="tasks.due" values={{ due: formatInstant(task.dueAt) }} />
          </span>
        ) : null}
        <OverdueBadge overdue={task.overdue} />
      </p>
      {task.reason ? <p className="card-note">{task.reason}</p> : null}
      <RefusalBanner refusal={refusal} shownFields={[]} />
      {mayMove ? (
        <div className="button-row">
          <button type="button" disabled={busy} onClick={() => run(() => tasking.changeTask({ taskId: task.id, transition: step }), onChanged)}>
            {intl.formatMessage({ id: `tasks.transition.${TaskTransition[step]}` }, { title: task.title })}
          </button>
        </div>
      ) : null}
    </article>
  );
}
