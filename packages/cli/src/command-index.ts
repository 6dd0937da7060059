/**
 * Every top-level command, with the module that registers it, loaded only when that command runs:
 * `concord --help` then starts without the contracts, gRPC and the crypto tooling the modules import.
 */
import { Command, Help } from 'commander';
import { commandSummaries, type CommandName } from './command-summaries.js';

export interface CommandModule {
  /** The module's top-level commands, in the order --help lists them, with how --help shows each. */
  readonly commands: ReadonlyArray<{ readonly name: CommandName; readonly term?: string; readonly alias?: string }>;
  readonly load: () => Promise<(program: Command) => void>;
}

export const commandModules: readonly CommandModule[] = [
  { commands: [{ name: 'up', term: 'up [options]' }], load: async () => (await import('./commands/up.js')).registerUp },
  { commands: [{ name: 'status' }], load: async () => (await import('./commands/status.js')).registerStatus },
  { commands: [{ name: 'login', term: 'login [options]' }, { name: 'logout' }, { name: 'token' }, { name: 'whoami' }], load: async () => (await import('./commands/sign-in.js')).registerSignIn },
  { commands: [{ name: 'user' }, { name: 'signing-key' }], load: async () => (await import('./commands/users.js')).registerUsers },
  { commands: [{ name: 'keys' }], load: async () => (await import('./commands/keys.js')).registerKeys },
  { commands: [{ name: 'manifest' }], load: async () => (await import('./commands/manifest.js')).registerManifest },
  { commands: [{ name: 'op' }], load: async () => (await import('./commands/operations.js')).registerOperations },
  { commands: [{ name: 'milestone' }], load: async () => (await import('./commands/milestones.js')).registerMilestones },
  { commands: [{ name: 'team' }], load: async () => (await import('./commands/team.js')).registerTeam },
  { commands: [{ name: 'action' }], load: async () => (await import('./commands/actions.js')).registerActions },
  { commands: [{ name: 'jip' }], load: async () => (await import('./commands/joint-plans.js')).registerJointPlans },
  { commands: [{ name: 'target' }, { name: 'notices', term: 'notices [options]' }], load: async () => (await import('./commands/targets.js')).registerTargets },
  { commands: [{ name: 'timeline', term: 'timeline [options]' }, { name: 'export', term: 'export [options]' }], load: async () => (await import('./commands/timeline.js')).registerTimeline },
  { commands: [{ name: 'alert', alias: 'intel', term: 'alert|intel' }], load: async () => (await import('./commands/alerts.js')).registerAlerts },
  { commands: [{ name: 'audit' }], load: async () => (await import('./commands/audit.js')).registerAudit },
  { commands: [{ name: 'task' }, { name: 'rfa' }], load: async () => (await import('./commands/tasks.js')).registerTasks },
  { commands: [{ name: 'debrief' }], load: async () => (await import('./commands/debrief.js')).registerDebrief },
  { commands: [{ name: 'deploy' }], load: async () => (await import('./commands/deploy.js')).registerDeploy },
];

/**
 * The top-level command the arguments name (`help <command>` names its command), skipping the
 * program's own options and the values they take; undefined for none.
 */
export function invokedCommand(program: Command, argv: readonly string[]): string | undefined {
  const takesValue = new Set(program.options.filter((option) => option.required || option.optional).flatMap((option) => [option.long, option.short].filter((flag): flag is string => flag !== undefined)));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (!arg.startsWith('-')) return arg === 'help' && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-') ? argv[i + 1] : arg;
    if (takesValue.has(arg)) i++;
  }
  return undefined;
}

/** The modules of the invoked command registered for real; every other command a stub with its summary and help term. */
export async function registerCommands(program: Command, modules: readonly CommandModule[], invoked: string | undefined): Promise<void> {
  const terms = new Map<Command, string>();
  for (const module of modules) {
    if (invoked !== undefined && module.commands.some((command) => command.name === invoked || command.alias === invoked)) {
      (await module.load())(program);
      continue;
    }
    for (const { name, term, alias } of module.commands) {
      const stub = new Command(name).description(commandSummaries[name]);
      if (alias) stub.alias(alias);
      program.addCommand(stub);
      if (term) terms.set(stub, term);
    }
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (command) => terms.get(command) ?? help.subcommandTerm(command) });
}
