/**
 * The consolidated lessons-learned report of one operation, in Markdown for people, JSON for tools,
 * and the outcome counts as CSV for a voluntary reporting system. The same inputs give the same bytes:
 * everything is sorted, and no clock or random value is read here.
 */
import { stringify } from 'csv-stringify/sync';
import { categoryLabels, outcomeCategories, totalOutcomes, type OutcomeSubmission } from './outcomes.js';
import type { Lesson } from './lessons.js';
import type { AgencySynthesis } from './synthesis.js';

export interface ReportInput {
  readonly operation: { readonly id: string; readonly name: string; readonly lead: string; readonly period: { readonly start: Date; readonly end: Date }; readonly participants: readonly string[] };
  readonly agencies: ReadonlyArray<{ readonly id: string; readonly name: string; readonly country: string }>;
  readonly outcomes: readonly OutcomeSubmission[];
  readonly lessons: readonly Lesson[];
  readonly synthesis: readonly AgencySynthesis[];
  /** When the lead published it; absent for a draft. */
  readonly publishedAt?: Date;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const atMidnight = (date: Date) => date.toISOString().endsWith('T00:00:00.000Z');

/** Days when both ends fall at midnight UTC, else times too: a period within one day would read "2026-11-30 to 2026-11-30". */
function describePeriod({ start, end }: { readonly start: Date; readonly end: Date }): string {
  if (atMidnight(start) && atMidnight(end)) return `${day(start)} to ${day(end)} (end exclusive)`;
  const minute = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');
  return `${minute(start)} to ${minute(end)} UTC (end exclusive)`;
}
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const byAgency = <T extends { agency: string }>(items: readonly T[]) => [...items].sort((a, b) => a.agency.localeCompare(b.agency));
const sortedLessons = (lessons: readonly Lesson[]) => [...lessons].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));

function countryOf(input: ReportInput) {
  return (agency: string) => input.agencies.find((a) => a.id === agency)?.country ?? agency;
}

/** The report as one plain value, key order fixed: what the JSON is, and what the Markdown shows. */
export function reportValue(input: ReportInput) {
  const totals = totalOutcomes(input.outcomes, countryOf(input));
  return {
    operation: { id: input.operation.id, name: input.operation.name, lead: input.operation.lead, period: { start: input.operation.period.start.toISOString(), end: input.operation.period.end.toISOString() }, participants: [...input.operation.participants].sort() },
    publishedAt: input.publishedAt?.toISOString() ?? null,
    outcomes: {
      categories: [...outcomeCategories],
      byAgency: byAgency(input.outcomes).map((o) => ({ agency: o.agency, country: countryOf(input)(o.agency), counts: { ...o.counts } })),
      byCountry: totals.byCountry.map((c) => ({ country: c.country, agencies: [...c.agencies], counts: { ...c.counts } })),
      overall: { ...totals.overall },
    },
    intelligence: byAgency(input.outcomes)
      .filter((o) => o.intelligenceSummary.trim() !== '')
      .map((o) => ({ agency: o.agency, summary: o.intelligenceSummary })),
    synthesis: [...input.synthesis].sort((a, b) => a.agency.localeCompare(b.agency)).map((s) => ({ ...s, medianAlertToActionHours: s.medianAlertToActionHours ?? null, medianAnswerHours: s.medianAnswerHours ?? null })),
    lessons: sortedLessons(input.lessons).map((l) => ({
      id: l.id,
      category: l.category,
      agency: l.agency ?? null,
      observation: l.observation,
      lessonIdentified: l.lessonIdentified,
      remedialAction: l.remedialAction ? { ...l.remedialAction } : null,
      lessonLearned: l.lessonLearned,
      evidence: [...l.evidence].sort(),
    })),
  };
}

export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(reportValue(input), null, 2)}\n`;
}

export function renderMarkdown(input: ReportInput): string {
  const report = reportValue(input);
  const name = (id: string) => input.agencies.find((a) => a.id === id)?.name ?? id;
  const countries = report.outcomes.byCountry.map((c) => c.country);
  const lines: string[] = [
    `# Lessons-learned report: ${report.operation.name}`,
    '',
    `- Operation: ${report.operation.id}`,
    `- Designated period: ${describePeriod(input.operation.period)}`,
    `- Lead: ${name(report.operation.lead)} (${report.operation.lead})`,
    `- Participants: ${report.operation.participants.join(', ')}`,
    report.publishedAt === null ? '- Status: Draft, not yet published by the lead' : `- Published: ${report.publishedAt}`,
    '',
    '## Outcomes',
    '',
    `| Category | ${countries.join(' | ')} | Total |`,
    `|---|${countries.map(() => '---:').join('|')}|---:|`,
    ...outcomeCategories.map((category) => `| ${categoryLabels[category]} | ${report.outcomes.byCountry.map((c) => c.counts[category]).join(' | ')} | ${report.outcomes.overall[category]} |`),
    '',
    `Reported by: ${report.outcomes.byAgency.map((o) => `${o.agency} (${o.country})`).join(', ') || 'nobody yet'}.`,
    '',
    '## Intelligence gained on networks and their methods',
    '',
    ...(report.intelligence.length === 0 ? ['None reported.'] : report.intelligence.flatMap((i) => [`**${i.agency}.** ${i.summary.trim()}`, ''])),
    ...(report.intelligence.length === 0 ? [''] : []),
    '## After-action synthesis (computed from the shared timeline)',
    '',
    '| Agency | Actions planned | Completed | Cancelled | Outside the period | On alerts | Median hours alert to action | Requests made | Requests answered | Fulfilled | Median hours to answer |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.synthesis.map(
      (s) =>
        `| ${s.agency} | ${s.actionsPlanned} | ${s.actionsCompleted} | ${s.actionsCancelled} | ${s.actionsOutsidePeriod} | ${s.actionsOnAlerts} | ${s.medianAlertToActionHours ?? '-'} | ${s.requestsMade} | ${s.requestsAnswered} | ${s.requestsFulfilled} | ${s.medianAnswerHours ?? '-'} |`,
    ),
    '',
    '## Lessons',
    '',
  ];
  if (report.lessons.length === 0) lines.push('None submitted.', '');
  report.lessons.forEach((lesson, index) => {
    lines.push(`### ${index + 1}. ${lesson.category} (${lesson.agency ?? 'non-attributable'})`, '');
    lines.push(`- Observation: ${cell(lesson.observation)}`, `- Lesson identified: ${cell(lesson.lessonIdentified)}`);
    if (lesson.remedialAction) lines.push(`- Remedial action: ${cell(lesson.remedialAction.description)} (owner: ${lesson.remedialAction.owner}; due ${lesson.remedialAction.dueDate}; ${lesson.remedialAction.status})`);
    if (lesson.lessonLearned) lines.push(`- Lesson learned: ${cell(lesson.lessonLearned)}`);
    if (lesson.evidence.length > 0) lines.push(`- Evidence: ${lesson.evidence.join(', ')}`);
    lines.push('');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One row per reporting agency, then one per country and the overall total. */
export function renderOutcomesCsv(input: ReportInput): string {
  const report = reportValue(input);
  const rows: string[][] = [
    ['operation', 'row', 'agency', 'country', ...outcomeCategories],
    ...report.outcomes.byAgency.map((o) => [report.operation.id, 'agency', o.agency, o.country, ...outcomeCategories.map((c) => String(o.counts[c]))]),
    ...report.outcomes.byCountry.map((c) => [report.operation.id, 'country', c.agencies.join(' '), c.country, ...outcomeCategories.map((k) => String(c.counts[k]))]),
    [report.operation.id, 'total', '', '', ...outcomeCategories.map((c) => String(report.outcomes.overall[c]))],
  ];
  return stringify(rows, { record_delimiter: 'unix' });
}
