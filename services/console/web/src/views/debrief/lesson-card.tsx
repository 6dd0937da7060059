/** One lesson through its cycle, with its remedial action's owner, due date and status; the owner or the lead moves that status. */
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { remedialStatuses } from '@concord/debrief/categories';
import { DebriefService, type Lesson } from '@concord/web-contracts/debrief';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import type { MessageId } from '../../i18n/locales';
import { debrief } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { useCategoryLabel } from './category-label';

/** A YYYY-MM-DD due date as the viewer writes dates; it names a day, so no zone shifts it. */
function useFormatDay(): (day: string) => string {
  const intl = useIntl();
  return (day) => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? intl.formatDate(new Date(`${day}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' }) : day);
}

interface LessonCardProps {
  readonly lesson: Lesson;
  readonly operationId: string;
  readonly lead: string;
  readonly onChanged: () => void;
}

export function LessonCard({ lesson, operationId, lead, onChanged }: LessonCardProps) {
  const intl = useIntl();
  const session = useSession();
  const categoryLabel = useCategoryLabel('debrief.lessonCategory');
  const formatDay = useFormatDay();
  const { refusal, busy, run } = useRefusable();
  const action = lesson.remedialAction;
  const [status, setStatus] = useState(action?.status || 'open');
  const mayUpdate = Boolean(action?.description) && (action?.owner === session.agency || lead === session.agency) && mayCall(session, DebriefService, 'UpdateRemedialAction');
  const statusLabel = (value: string) => intl.formatMessage({ id: `debrief.remedial.${value}`, defaultMessage: value });
  const remedy = action?.description ? intl.formatMessage({ id: 'debrief.remedial.summary' }, { description: action.description, owner: action.owner, due: formatDay(action.dueDate), status: statusLabel(action.status) }) : '';
  // The cycle's stages in order, each shown once the lesson has reached it.
  const stages: ReadonlyArray<readonly [MessageId, string]> = [
    ['debrief.stage.observation', lesson.observation],
    ['debrief.stage.identified', lesson.lessonIdentified],
    ['debrief.stage.action', remedy],
    ['debrief.stage.learned', lesson.lessonLearned],
  ];
  return (
    <article className="panel card" data-lesson={lesson.id}>
      <h4 className="inline-list">
        <span>{categoryLabel(lesson.category)}</span>
        <span className="card-by">{lesson.agency || intl.formatMessage({ id: 'debrief.lesson.notAttributed' })}</span>
      </h4>
      <dl className="lesson">
        {stages.map(([stage, text]) =>
          text ? (
            <div key={stage}>
              <dt>
                <FormattedMessage id={stage} />
              </dt>
              <dd>{text}</dd>
            </div>
          ) : null,
        )}
      </dl>
      <RefusalBanner refusal={refusal} shownFields={[]} />
      {mayUpdate ? (
        <div className="button-row">
          <label>
            <FormattedMessage id="debrief.remedial.status" />
            <select value={status} onChange={(event) => setStatus(event.target.value)}>
              {remedialStatuses.map((value) => (
                <option key={value} value={value}>
                  {statusLabel(value)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => run(() => debrief.updateRemedialAction({ operationId, lessonId: lesson.id, status }), onChanged)}>
            <FormattedMessage id="debrief.remedial.update" />
          </button>
        </div>
      ) : null}
    </article>
  );
}
