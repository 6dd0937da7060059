/**
 * Child-process entry of one agency's services: `agency-main.ts --config <services.json>
 * [--console <console.json>]` (the console starts once the services it forwards to serve). Tells
 * its parent over IPC when it is serving, and stops gracefully on SIGINT, SIGTERM or when the
 * parent goes away (so a killed launcher leaves no orphan services behind).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConsoleConfig, startConsole } from '@concord/console';
import { ConcordError, violationsOf } from '@concord/errors';
import { serviceConfigSchema, exitWithError } from '@concord/service-kit';
import { startAgencyServices } from './agency-host.js';

const hostConfigSchema = z.partialRecord(z.enum(['planning', 'tasking', 'intel', 'debrief', 'identity']), serviceConfigSchema);

export type HostMessage = { type: 'ready'; services: Array<{ capability: string; address: string }> } | { type: 'failed'; message: string };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, console: { type: 'string' } }, strict: true });
  if (!values.config) throw ConcordError.invalid([{ path: '--config', message: 'is required: the services.json the launcher wrote' }]);
  const parsed = hostConfigSchema.safeParse(JSON.parse(await readFile(values.config, 'utf8')));
  if (!parsed.success) throw ConcordError.invalid(violationsOf(parsed.error), `${values.config} is invalid`);
  const host = await startAgencyServices(parsed.data);
  const agencyConsole = values.console ? await startConsole(await loadConsoleConfig(values.console)).catch(async (error: unknown) => {
    await host.stop();
    throw error;
  }) : undefined;
  process.send?.({ type: 'ready', services: host.running.map((s) => ({ capability: s.capability, address: s.address })) } satisfies HostMessage);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    process.once('disconnect', resolve);
  });
  // An orphaned host must not outlive a stuck shutdown: whatever stop() does, the process ends.
  setTimeout(() => {
    process.stderr.write('services did not stop within 15 s; exiting anyway\n');
    process.exit(1);
  }, 15_000).unref();
  await agencyConsole?.stop();
  await host.stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', message: ConcordError.from(error).message } satisfies HostMessage);
  exitWithError(error);
});
