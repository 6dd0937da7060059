/**
 * Lessons, following the lessons-learned cycle: an observation, the lesson identified, a remedial
 * action with its owner and due date, and, once validated, the lesson learned. Remedial actions stay
 * trackable after the report: open, in progress, closed.
 */
export const lessonCategories = ['legal', 'information-sharing', 'communication', 'logistics', 'training', 'victim-protection', 'other'] as const;
export type LessonCategory = (typeof lessonCategories)[number];

export const remedialStatuses = ['open', 'in-progress', 'closed'] as const;
export type RemedialStatus = (typeof remedialStatuses)[number];

export interface RemedialAction {
  readonly description: string;
  readonly owner: string;
  readonly dueDate: string;
  readonly status: RemedialStatus;
}

export interface Lesson {
  readonly id: string;
  /** The submitting agency, or undefined for a non-attributable lesson as others see it. */
  readonly agency: string | undefined;
  readonly category: LessonCategory;
  readonly observation: string;
  readonly lessonIdentified: string;
  readonly remedialAction: RemedialAction | undefined;
  /** The lesson learned, once validated. */
  readonly lessonLearned: string;
  /** Timeline entries (event ids) it cites as evidence. */
  readonly evidence: readonly string[];
}

/** Remedial actions move forward, and a closed one can be reopened as in progress when it proves not done. */
const allowed: Record<RemedialStatus, readonly RemedialStatus[]> = { open: ['in-progress', 'closed'], 'in-progress': ['closed', 'open'], closed: ['in-progress'] };

export function remedialMoveRefusal(from: RemedialStatus, to: RemedialStatus): string | undefined {
  return allowed[from].includes(to) ? undefined : `a remedial action that is ${from} cannot become ${to}`;
}
