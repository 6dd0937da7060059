/** The `concord` command tree. Every command has --help; --json gives scripts the same data. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConcordCommand, oneLineErrors } from './concord-command.js';
import { registerKeys } from './commands/keys.js';
import { registerManifest } from './commands/manifest.js';
import { registerOperations } from './commands/operations.js';
import { registerTimeline } from './commands/timeline.js';
import { registerActions } from './commands/actions.js';
import { registerMilestones } from './commands/milestones.js';
import { registerJointPlans } from './commands/joint-plans.js';
import { registerTargets } from './commands/targets.js';
import { registerStatus } from './commands/status.js';
import { registerUp } from './commands/up.js';
import { registerAlerts } from './commands/alerts.js';
import { registerAudit } from './commands/audit.js';
import { registerTasks } from './commands/tasks.js';
import { registerDebrief } from './commands/debrief.js';
import { registerSignIn } from './commands/sign-in.js';
import { registerTeam } from './commands/team.js';
import { registerUsers } from './commands/users.js';
import { registerDeploy } from './commands/deploy.js';
import { defaultDataDir } from './global-options.js';

export function buildProgram(): Command {
  const program = new ConcordCommand('concord')
    .description('Concord: coordinate a Joint Period of Action across sovereign agencies')
    .option('--agency <id>', 'the agency acting (or CONCORD_AGENCY)', process.env.CONCORD_AGENCY)
    .option('--data-dir <dir>', 'the local federation\'s data directory (or CONCORD_DATA_DIR)', defaultDataDir())
    .option('--endpoints <file>', 'endpoints file of a running federation (default <data-dir>/endpoints.json)')
    .option('--ca <file>', "CA certificate to trust for the agency's services (default: the agency's, from the endpoints file)")
    .option('--json', 'print JSON for scripts instead of text', false)
    .option('--tz <zone>', 'read and show times in this IANA zone ("local": the acting agency\'s zone); default UTC')
    .configureOutput(oneLineErrors)
    .addHelpText('after', '\nconcord --version (alone) prints the version.')
    .exitOverride();
  registerUp(program);
  registerStatus(program);
  registerSignIn(program);
  registerUsers(program);
  registerKeys(program);
  registerManifest(program);
  registerOperations(program);
  registerMilestones(program);
  registerTeam(program);
  registerActions(program);
  registerJointPlans(program);
  registerTargets(program);
  registerTimeline(program);
  registerAlerts(program);
  registerAudit(program);
  registerTasks(program);
  registerDebrief(program);
  registerDeploy(program);
  return program;
}

/** `concord --version` or `-V`, alone: a global --version would take `op accept --version <n>` from its command. */
export function versionAsked(argv: readonly string[]): string | undefined {
  if (argv.length !== 1 || (argv[0] !== '--version' && argv[0] !== '-V')) return undefined;
  const cli = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return cli.version;
}
