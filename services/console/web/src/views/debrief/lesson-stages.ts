/** The lessons-learned cycle as board columns: each lesson stands in the furthest stage it has reached. */
import type { Lesson } from '@concord/web-contracts/debrief';
import type { BoardColumn } from '../../components/status-board';

type Stage = 'observation' | 'identified' | 'action' | 'learned';

function stageOf(lesson: Lesson): Stage {
  if (lesson.lessonLearned) return 'learned';
  if (lesson.remedialAction?.description) return 'action';
  if (lesson.lessonIdentified) return 'identified';
  return 'observation';
}

export function lessonColumns(lessons: readonly Lesson[]): BoardColumn<Lesson>[] {
  const column = (key: Stage, label: BoardColumn<Lesson>['label']) => ({ key, label, items: lessons.filter((lesson) => stageOf(lesson) === key) });
  return [
    column('observation', 'debrief.stage.observation'),
    column('identified', 'debrief.stage.identified'),
    column('action', 'debrief.stage.action'),
    column('learned', 'debrief.stage.learned'),
  ];
}
