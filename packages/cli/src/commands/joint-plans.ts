/** `concord jip ...`: joint investigation plans, readable only by their parties. */
import type { Command } from 'commander';
import { JointPlan, ProposeJointPlanRequest } from '@concord/contracts/planning';
import { ConcordError } from '@concord/errors';
import { callUnary as call } from '@concord/service-kit/client';
import { versionNumber } from '../flag-parsers.js';
import { print, table } from '../output.js';
import { agencyList, withPlanning } from '../service-client.js';
import { commandSummaries } from '../command-summaries.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** "ID:AKBP Rina:+62 21 555 0101" */
function parseContact(value: string) {
  const [agency, name, ...details] = value.split(':');
  if (!agency || !name) throw ConcordError.invalid([{ path: '--contact', message: `"${value}" is not AGENCY:NAME:DETAILS, for example "ID:AKBP Rina:+62 21 555 0101"` }]);
  return { agency: agency.trim(), name: name.trim(), details: details.join(':').trim() };
}

function describePlan(plan: JointPlan): string {
  return table([
    ['id', plan.id],
    ['title', plan.title],
    ['version', `${plan.version}${plan.agreed ? ', agreed' : `, accepted by ${plan.acceptedBy.join(', ')}`}`],
    ['parties', plan.parties.join(', ')],
    ...plan.objectives.map((objective, i) => [i === 0 ? 'objectives' : '', objective]),
    ...plan.contacts.map((c, i) => [i === 0 ? 'contacts' : '', `${c.agency}: ${c.name}${c.details ? `, ${c.details}` : ''}`]),
    ['linked actions', plan.linkedActionIds.join(', ') || '-'],
  ]);
}

export function registerJointPlans(program: Command): void {
  const jip = program.command('jip').description(commandSummaries.jip);
  jip
    .command('propose')
    .description('propose a plan to other participants (or, with --id, a new version of one)')
    .requiredOption('--op <operation-id>', 'the operation')
    .requiredOption('--title <title>', 'for example "Visa-fraud route Jakarta to Bangkok"')
    .requiredOption('--parties <ids>', 'the other participants taking part, comma-separated')
    .option('--objective <text>', 'an objective (repeat for more)', collect, [])
    .option('--contact <agency:name:details>', 'a point of contact (repeat for more)', collect, [])
    .option('--link <action-id>', 'a national action the plan ties in (repeat for more)', collect, [])
    .option('--id <plan-id>', 'propose a new version of this plan')
    .action(async (flags: { op: string; title: string; parties: string; objective: string[]; contact: string[]; link: string[]; id?: string }, command: Command) =>
      withPlanning(command, async ({ client, options }) => {
        const request = ProposeJointPlanRequest.fromPartial({ operationId: flags.op, planId: flags.id ?? '', title: flags.title, parties: agencyList(flags.parties), objectives: flags.objective, contacts: flags.contact.map(parseContact), linkedActionIds: flags.link });
        const { plan } = await call(client, 'proposeJointPlan', request);
        print(options.json, JointPlan.toJSON(plan!), () => `Proposed; sealed to its parties.\n${describePlan(plan!)}`);
      }),
    );
  jip
    .command('accept')
    .argument('<plan-id>')
    .requiredOption('--op <operation-id>', 'the operation')
    .requiredOption('--version <n>', 'the version accepted', versionNumber)
    .description('accept a version of a plan, as the acting agency')
    .action(async (planId: string, flags: { op: string; version: number }, command: Command) =>
      withPlanning(command, async ({ client, options }) => {
        const { plan } = await call(client, 'acceptJointPlan', { operationId: flags.op, planId, version: flags.version });
        print(options.json, JointPlan.toJSON(plan!), () => describePlan(plan!));
      }),
    );
  jip
    .command('list')
    .requiredOption('--op <operation-id>', 'the operation')
    .description('the plans the acting agency is a party to')
    .action(async (flags: { op: string }, command: Command) =>
      withPlanning(command, async ({ client, options }) => {
        const { plans } = await call(client, 'listJointPlans', { operationId: flags.op });
        print(options.json, plans.map((p) => JointPlan.toJSON(p)), () => (plans.length === 0 ? 'No joint plans.' : plans.map(describePlan).join('\n\n')));
      }),
    );
}
