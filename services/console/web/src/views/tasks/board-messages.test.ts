import { describe, expect, it } from 'vitest';
import { lessonCategories, outcomeCategories, remedialStatuses } from '@concord/debrief/categories';
import { AssistanceKind, RequestStatus, TaskStatus } from '@concord/web-contracts/tasking';
import { catalogues } from '../../i18n/catalogues';

const names = (values: Record<string, string | number>) => Object.keys(values).filter((name) => Number.isNaN(Number(name)));

describe('the tasks board and the debrief name everything they show', () => {
  it('has a message for every request and task status, assistance kind, outcome and lesson category, and remedial status', () => {
    const needed = [
      ...names(RequestStatus).map((name) => `tasks.requestStatus.${name}`),
      ...names(TaskStatus).map((name) => `tasks.taskStatus.${name}`),
      ...names(AssistanceKind).map((name) => `tasks.kind.${name}`),
      ...outcomeCategories.map((category) => `debrief.outcome.${category}`),
      ...lessonCategories.map((category) => `debrief.lessonCategory.${category}`),
      ...remedialStatuses.map((status) => `debrief.remedial.${status}`),
    ];
    expect(needed.filter((id) => !(id in catalogues.en))).toEqual([]);
  });
});
