/** A lesson through the cycle: what was observed, the lesson identified, a remedial action, what was learned; attributed or not. */
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { lessonCategories } from '@concord/debrief/categories';
import { Field } from '../../components/field';
import { RefusalBanner } from '../../components/refusal-banner';
import { useRefusable } from '../../components/use-refusable';
import { debrief } from '../../rpc/clients';
import { useCategoryLabel } from './category-label';

const textFields = ['observation', 'lesson_identified', 'lesson_learned'] as const;
const shownFields = ['category', ...textFields, 'remedial_action.description', 'remedial_action.owner', 'remedial_action.due_date'];

interface LessonFormProps {
  readonly operationId: string;
  readonly participants: readonly string[];
  readonly onSubmitted: () => void;
}

const blank = { category: 'legal', observation: '', lesson_identified: '', lesson_learned: '', remedy: '', owner: '', due: '', nonAttributable: false };

export function LessonForm({ operationId, participants, onSubmitted }: LessonFormProps) {
  const intl = useIntl();
  const categoryLabel = useCategoryLabel('debrief.lessonCategory');
  const { refusal, busy, run, fieldError } = useRefusable();
  const [lesson, setLesson] = useState(blank);
  const set = (change: Partial<typeof blank>) => setLesson({ ...lesson, ...change });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const remedialAction = lesson.remedy ? { description: lesson.remedy, owner: lesson.owner, dueDate: lesson.due, status: 'open' } : undefined;
    const request = { operationId, category: lesson.category, observation: lesson.observation, lessonIdentified: lesson.lesson_identified, lessonLearned: lesson.lesson_learned, remedialAction, nonAttributable: lesson.nonAttributable };
    run(() => debrief.submitLesson(request), () => {
      setLesson(blank);
      onSubmitted();
    });
  };
  return (
    <form className="panel" aria-labelledby="lesson-heading" onSubmit={submit}>
      <h3 id="lesson-heading">
        <FormattedMessage id="debrief.lesson.heading" />
      </h3>
      <RefusalBanner refusal={refusal} shownFields={shownFields} />
      <Field label={intl.formatMessage({ id: 'debrief.lesson.category' })} error={fieldError('category')}>
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} value={lesson.category} onChange={(event) => set({ category: event.target.value })}>
            {lessonCategories.map((category) => (
              <option key={category} value={category}>
                {categoryLabel(category)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {textFields.map((name) => (
        <Field key={name} label={intl.formatMessage({ id: `debrief.lesson.${name}` })} error={fieldError(name)}>
          {({ id, describedBy }) => <textarea id={id} aria-describedby={describedBy} rows={2} value={lesson[name]} onChange={(event) => set({ [name]: event.target.value })} />}
        </Field>
      ))}
      <Field label={intl.formatMessage({ id: 'debrief.lesson.remedy' })} error={fieldError('remedial_action.description')}>
        {({ id, describedBy }) => <input id={id} aria-describedby={describedBy} value={lesson.remedy} onChange={(event) => set({ remedy: event.target.value })} />}
      </Field>
      <Field label={intl.formatMessage({ id: 'debrief.lesson.owner' })} error={fieldError('remedial_action.owner')}>
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} value={lesson.owner} onChange={(event) => set({ owner: event.target.value })}>
            <option value="">{intl.formatMessage({ id: 'debrief.lesson.noOwner' })}</option>
            {participants.map((agency) => (
              <option key={agency} value={agency}>
                {agency}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={intl.formatMessage({ id: 'debrief.lesson.due' })} error={fieldError('remedial_action.due_date')}>
        {({ id, describedBy }) => <input id={id} type="date" aria-describedby={describedBy} value={lesson.due} onChange={(event) => set({ due: event.target.value })} />}
      </Field>
      <div className="field">
        <label className="check">
          <input type="checkbox" aria-describedby="non-attributable-hint" checked={lesson.nonAttributable} onChange={(event) => set({ nonAttributable: event.target.checked })} />
          <FormattedMessage id="debrief.lesson.nonAttributable" />
        </label>
        <span id="non-attributable-hint" className="field-hint">
          <FormattedMessage id="debrief.lesson.nonAttributableHint" />
        </span>
      </div>
      <button type="submit" disabled={busy}>
        <FormattedMessage id="debrief.lesson.submit" />
      </button>
    </form>
  );
}
