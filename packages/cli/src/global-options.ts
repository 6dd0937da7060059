/** The options every command shares, and how they locate a federation and an agency. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { IssuerAccess } from '@concord/access';
import { ConcordError } from '@concord/errors';
import type { Endpoints } from '@concord/launcher/layout';

export interface GlobalOptions {
  readonly agency?: string;
  /** A CA certificate (PEM file) to trust instead of the one endpoints.json names for the agency. */
  readonly ca?: string;
  readonly dataDir: string;
  readonly endpoints?: string;
  readonly json: boolean;
  /** Seconds a command waits for a service's answer (streams excepted). */
  readonly timeout?: number;
  readonly tz?: string;
}

/** Seconds a command waits for an answer, from a service or the sign-in provider, unless --timeout says. */
export const defaultTimeoutSeconds = 30;

export const defaultDataDir = () => process.env.CONCORD_DATA_DIR ?? '.concord';

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export async function loadEndpoints(options: GlobalOptions): Promise<Endpoints> {
  // Loaded here, not with the module: its schema brings zod, which `concord --help` does without.
  const { readEndpoints } = await import('@concord/launcher/layout');
  return readEndpoints(options.endpoints ? resolve(options.endpoints) : join(resolve(options.dataDir), 'endpoints.json'));
}

/** The agency the command acts as: --agency (or CONCORD_AGENCY), checked against the federation. */
export function requireAgency(options: GlobalOptions, endpoints: Endpoints): { id: string; agency: Endpoints['agencies'][string] } {
  const id = options.agency;
  if (!id) throw ConcordError.invalid([{ path: '--agency', message: `is required: which agency acts (one of ${Object.keys(endpoints.agencies).join(', ')})` }]);
  const agency = endpoints.agencies[id];
  if (!agency) throw ConcordError.invalid([{ path: '--agency', message: `${id} is not in this federation (${Object.keys(endpoints.agencies).join(', ')})` }]);
  return { id, agency };
}

/** The CA certificate an agency's services are trusted by: --ca, or the one its endpoints entry names. */
export async function agencyCa(options: GlobalOptions, agency: Endpoints['agencies'][string]): Promise<string> {
  const path = options.ca ? resolve(options.ca) : agency.ca;
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const failure = ConcordError.from(error);
    throw new ConcordError(failure.code, `cannot read the CA certificate ${path}${options.ca ? ' (--ca)' : ''}: ${failure.message}`, { cause: error });
  }
}

/** Where the acting agency's people sign in, trusting the agency's CA for its HTTPS, within the command's --timeout. */
export async function issuerAccessOf(options: GlobalOptions, agency: Endpoints['agencies'][string]): Promise<IssuerAccess> {
  return { issuer: agency.issuer, audience: agency.audience, ca: await agencyCa(options, agency), timeoutMs: (options.timeout ?? defaultTimeoutSeconds) * 1_000 };
}
