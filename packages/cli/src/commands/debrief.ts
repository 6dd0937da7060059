/**
 * `concord debrief ...`: the lessons-learned debrief of an operation. Every member reads it; only its
 * participants submit; the lead opens it and publishes the report.
 */
import type { Command } from 'commander';
import { Debrief, DebriefStatus, Lesson, ReportFormat, SubmitLessonRequest } from '@concord/contracts/debrief';
import { ConcordError } from '@concord/errors';
import { callUnary as call } from '@concord/service-kit/client';
import { print, table, writeContent } from '../output.js';
import { agencyList, withDebrief } from '../service-client.js';
import { formatInstant } from '../time-zone.js';
import { commandSummaries } from '../command-summaries.js';

function describeDebrief(debrief: Debrief, zone: string): string {
  const lines = [
    table([
      ['operation', `${debrief.operationName} (${debrief.operationId})`],
      ['lead', debrief.lead],
      ['participants', debrief.participants.join(', ')],
      ['period', `${formatInstant(debrief.periodStart, zone)} to ${formatInstant(debrief.periodEnd, zone)}`],
      ['status', debrief.status === DebriefStatus.DEBRIEF_STATUS_REPORTED ? `report published ${formatInstant(debrief.reportedAt, zone)}` : 'open'],
      ['outcomes from', debrief.outcomes.map((o) => o.agency).join(', ') || 'nobody yet'],
    ]),
  ];
  if (debrief.pendingAnonymousLessons > 0) lines.push(`${debrief.pendingAnonymousLessons} non-attributable lesson(s) wait to be published with the report.`);
  for (const lesson of debrief.lessons) {
    lines.push('', `Lesson ${lesson.id} (${lesson.category}, ${lesson.agency || 'non-attributable'})`, `  observation: ${lesson.observation}`, `  identified: ${lesson.lessonIdentified}`);
    if (lesson.remedialAction) lines.push(`  remedial action: ${lesson.remedialAction.description} (owner ${lesson.remedialAction.owner}, due ${lesson.remedialAction.dueDate}, ${lesson.remedialAction.status})`);
    if (lesson.lessonLearned) lines.push(`  learned: ${lesson.lessonLearned}`);
    for (const cited of lesson.visibleEvidence) lines.push(`  evidence ${cited.eventId}: ${cited.summary}`);
  }
  return lines.join('\n');
}

/** `--count arrests=3`, repeatable. */
function countsOf(values: readonly string[]): { category: string; count: number }[] {
  return values.map((value) => {
    const match = /^([a-z-]+)=(-?\d+(?:\.\d+)?)$/.exec(value.trim());
    if (!match) throw ConcordError.invalid([{ path: '--count', message: `"${value}" is not category=number, such as arrests=3` }]);
    return { category: match[1]!, count: Number(match[2]) };
  });
}

export function registerDebrief(program: Command): void {
  const debrief = program.command('debrief').description(commandSummaries.debrief);
  const show = (d: Debrief, json: boolean, zone: string, heading = '') => print(json, Debrief.toJSON(d), () => `${heading}${describeDebrief(d, zone)}`);
  const op = (command: Command) => command.requiredOption('--op <operation-id>', 'the operation');

  op(debrief.command('open').description('open the debrief of a concluded operation this agency leads, for every member')).action(async (flags: { op: string }, command: Command) =>
    withDebrief(command, async ({ client, options, zone }) => show((await call(client, 'openDebrief', { operationId: flags.op })).debrief!, options.json, zone, 'Opened.\n')),
  );

  op(debrief.command('outcomes').description('submit this agency\'s outcome counts (a later submission replaces it until the report)'))
    .option('--count <category=n>', 'a count, repeatable: arrests=3', (value: string, all: string[] = []) => [...all, value])
    .option('--summary <text>', 'intelligence gained on networks and their methods', '')
    .action(async (flags: { op: string; count?: string[]; summary: string }, command: Command) =>
      withDebrief(command, async ({ client, options, zone }) => show((await call(client, 'submitOutcomes', { operationId: flags.op, counts: countsOf(flags.count ?? []), intelligenceSummary: flags.summary })).debrief!, options.json, zone, 'Submitted.\n')),
    );

  op(debrief.command('lesson').description('submit a lesson: observation, lesson identified, remedial action, lesson learned'))
    .requiredOption('--category <category>', 'legal, information-sharing, communication, logistics, training, victim-protection or other')
    .requiredOption('--observation <text>', 'what was observed')
    .requiredOption('--identified <text>', 'the lesson identified')
    .option('--remedy <text>', 'the remedial action')
    .option('--owner <agency>', 'who owns the remedial action')
    .option('--due <date>', 'its due date, YYYY-MM-DD')
    .option('--learned <text>', 'the lesson learned, once validated', '')
    .option('--evidence <event-ids>', 'timeline entries it cites, comma-separated', '')
    .option('--non-attributable', 'others see it without this agency (the lead publishes it with the report)', false)
    .action(async (flags: { op: string; category: string; observation: string; identified: string; remedy?: string; owner?: string; due?: string; learned: string; evidence: string; nonAttributable: boolean }, command: Command) =>
      withDebrief(command, async ({ client, options }) => {
        if (flags.remedy !== undefined && (!flags.owner || !flags.due)) throw ConcordError.invalid([{ path: flags.owner ? '--due' : '--owner', message: 'a remedial action needs --owner and --due' }]);
        const request = SubmitLessonRequest.fromPartial({
          operationId: flags.op,
          category: flags.category,
          observation: flags.observation,
          lessonIdentified: flags.identified,
          remedialAction: flags.remedy !== undefined ? { description: flags.remedy, owner: flags.owner!, dueDate: flags.due!, status: 'open' } : undefined,
          lessonLearned: flags.learned,
          evidence: agencyList(flags.evidence),
          nonAttributable: flags.nonAttributable,
        });
        const { lesson } = await call(client, 'submitLesson', request);
        print(options.json, Lesson.toJSON(lesson!), () => `Submitted lesson ${lesson!.id}${flags.nonAttributable ? ' (non-attributable: the lead publishes it with the report, without this agency)' : ''}.`);
      }),
    );

  op(debrief.command('remedial').description('move a remedial action: open, in-progress, closed (its owner or the lead)'))
    .requiredOption('--lesson <lesson-id>', 'the lesson')
    .requiredOption('--status <status>', 'open, in-progress or closed')
    .action(async (flags: { op: string; lesson: string; status: string }, command: Command) =>
      withDebrief(command, async ({ client, options }) => {
        const { lesson } = await call(client, 'updateRemedialAction', { operationId: flags.op, lessonId: flags.lesson, status: flags.status });
        print(options.json, Lesson.toJSON(lesson!), () => `Remedial action of ${lesson!.id}: ${lesson!.remedialAction?.status ?? '-'}.`);
      }),
    );

  op(debrief.command('publish').description('publish the final report (the lead); the operation becomes debriefed')).action(async (flags: { op: string }, command: Command) =>
    withDebrief(command, async ({ client, options, zone }) => show((await call(client, 'publishReport', { operationId: flags.op })).debrief!, options.json, zone, 'Published.\n')),
  );

  op(debrief.command('show').description('the debrief as this agency holds it')).action(async (flags: { op: string }, command: Command) =>
    withDebrief(command, async ({ client, options, zone }) => show((await call(client, 'getDebrief', { operationId: flags.op })).debrief!, options.json, zone)),
  );

  debrief
    .command('list')
    .description('every debrief this agency holds')
    .action(async (_flags: unknown, command: Command) =>
      withDebrief(command, async ({ client, options, zone }) => {
        const { debriefs } = await call(client, 'listDebriefs', {});
        print(options.json, debriefs.map((d) => Debrief.toJSON(d)), () =>
          debriefs.length === 0 ? 'No debriefs.' : table([['operation', 'name', 'lead', 'status', 'opened'], ...debriefs.map((d) => [d.operationId, d.operationName, d.lead, d.status === DebriefStatus.DEBRIEF_STATUS_REPORTED ? 'reported' : 'open', formatInstant(d.openedAt, zone)])]),
        );
      }),
    );

  op(debrief.command('report').description('the report as Markdown or JSON, or the outcome counts as CSV: the same bytes for the same inputs'))
    .option('--format <format>', 'md, json or csv', 'md')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (flags: { op: string; format: string; output?: string }, command: Command) =>
      withDebrief(command, async ({ client }) => {
        const format = { md: ReportFormat.REPORT_FORMAT_MARKDOWN, json: ReportFormat.REPORT_FORMAT_JSON, csv: ReportFormat.REPORT_FORMAT_CSV }[flags.format];
        if (format === undefined) throw ConcordError.invalid([{ path: '--format', message: 'must be md, json or csv' }]);
        const rendered = await call(client, 'renderReport', { operationId: flags.op, format });
        await writeContent(flags.output, rendered.content, rendered.contentType);
      }),
    );
}
