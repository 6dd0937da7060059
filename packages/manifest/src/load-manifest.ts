/** Reads a manifest from YAML or JSON text or a file, answering one error that names every bad field. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { z } from 'zod';
import { Code, ConcordError, violationsOf } from '@concord/errors';
import { crossAgencyIssues, manifestSchema, type Manifest, type TrustedManifest, type TrustedAgency } from './schema.js';

// Loaded on first YAML text only: every agency process reads the launcher's JSON copy, and the YAML
// parser was about 1 MB of heap in each.
const requireLazily = createRequire(import.meta.url);

export function parseManifest(text: string, source = 'manifest'): Manifest {
  const document = (requireLazily('yaml') as typeof Yaml).parseDocument(text);
  if (document.errors.length > 0) {
    throw ConcordError.invalid(
      document.errors.map((e) => ({ path: `line ${e.linePos?.[0]?.line ?? '?'}`, message: e.message.split('\n')[0] ?? e.code })),
      `${source} is not valid YAML`,
    );
  }
  return validateManifest(document.toJS(), source);
}

export function validateManifest(value: unknown, source = 'manifest'): Manifest {
  const result = manifestSchema.safeParse(value, { error: plainWords });
  const violations = [...(result.success ? [] : violationsOf(result.error)), ...crossAgencyIssues(value)];
  if (!result.success || violations.length > 0) throw ConcordError.invalid(violations, `${source} is invalid`);
  return result.data;
}

/** Zod's generic wording ("Invalid input: expected string, received undefined") in the words people read; the schema's own messages win. */
const plainWords = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code !== 'invalid_type') return undefined;
  return issue.input === undefined ? 'is required' : `must be ${issue.expected === 'object' || issue.expected === 'array' ? 'an' : 'a'} ${issue.expected}`;
};

export async function loadManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const failure = ConcordError.from(error);
    throw new ConcordError(failure.code, `cannot read the manifest ${path}: ${failure.message}`, { cause: error });
  }
  return path.endsWith('.json') ? parseJsonManifest(text, path) : parseManifest(text, path);
}

/** JSON is YAML too, but JSON.parse reads it without the YAML parser. */
function parseJsonManifest(text: string, source: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw ConcordError.invalid([{ path: source, message: (error as Error).message }], `${source} is not valid JSON`);
  }
  return validateManifest(value, source);
}

/** The manifest as services need it: every agency with its keys, or an error naming who lacks them. */
export function requireTrusted(manifest: Manifest): TrustedManifest {
  const missing = manifest.agencies.flatMap((agency, index) =>
    agency.keys ? [] : [{ path: `agencies[${index}].keys`, message: `${agency.id} has no public keys; run concord keys init for it` }],
  );
  if (missing.length > 0) throw new ConcordError(Code.FailedPrecondition, `manifest lacks keys: ${missing.map((m) => m.message).join('; ')}`, { violations: missing });
  return manifest as TrustedManifest;
}

export function findAgency<A extends { readonly id: string }>(manifest: { readonly agencies: readonly A[] }, id: string): A | undefined {
  return manifest.agencies.find((agency) => agency.id === id);
}

export function requireAgency(manifest: TrustedManifest, id: string): TrustedAgency {
  const agency = findAgency(manifest, id);
  if (!agency) throw new ConcordError(Code.NotFound, `agency ${id} is not in the federation manifest`);
  return agency;
}
