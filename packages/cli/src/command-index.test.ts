import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandModules, invokedCommand, registerCommands, type CommandModule } from './command-index.js';
import { buildProgram } from './program.js';

/** The modules, recording which ones load. */
function watched(): { modules: CommandModule[]; loaded: string[] } {
  const loaded: string[] = [];
  const modules = commandModules.map((module) => ({ ...module, load: () => (loaded.push(module.commands[0]!.name), module.load()) }));
  return { modules, loaded };
}

const listing = (program: Command) => {
  const help = program.createHelp();
  return program.commands.map((command) => `${help.subcommandTerm(command)}: ${command.description()}`);
};

describe('commands load only when they run', () => {
  it('finds the command past the global options and their values, and through help', async () => {
    const program = await buildProgram([]);
    expect(invokedCommand(program, ['--agency', 'AU', '--json', '--tz', 'local', 'op', 'create'])).toBe('op');
    expect(invokedCommand(program, ['help', 'timeline'])).toBe('timeline');
    expect(invokedCommand(program, ['--data-dir', 'status', '--help'])).toBeUndefined();
    expect(invokedCommand(program, ['--help'])).toBeUndefined();
  });

  it('loads no command module for --help, and just the invoked one otherwise', async () => {
    for (const [argv, expected] of [[['--help'], []], [['--agency', 'AU', 'op', 'create'], ['op']], [['intel', 'list'], ['alert']], [['opp'], []]] as const) {
      const { modules, loaded } = watched();
      await registerCommands(new Command('concord'), modules, invokedCommand(await buildProgram([]), argv));
      expect(loaded, argv.join(' ')).toEqual(expected);
    }
  });

  it('lists every command in --help as loading every module would, term and summary alike', async () => {
    const eager = new Command('concord');
    for (const module of commandModules) (await module.load())(eager);
    const lazy = await buildProgram(['--help']);
    expect(listing(lazy)).toEqual(listing(eager));
    expect(listing(lazy)).toHaveLength(25);
  });
});
