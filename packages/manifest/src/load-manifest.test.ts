import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConcordError } from '@concord/errors';
import { generateAgencyIdentity } from '@concord/identity';
import { parseManifest, requireTrusted } from './load-manifest.js';

const example = new URL('../../../deploy/federation.example.yaml', import.meta.url);
const keys = generateAgencyIdentity().publicKeys;

function failure(text: string): ConcordError {
  try {
    parseManifest(text);
  } catch (error) {
    if (error instanceof ConcordError) return error;
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('federation manifest', () => {
  it('accepts the example manifest', async () => {
    const manifest = parseManifest(await readFile(example, 'utf8'));
    expect(manifest.agencies.map((a) => `${a.id}:${a.role}`)).toEqual([
      'AU:participant',
      'ID:participant',
      'TH:participant',
      'MY:participant',
      'NZ:member',
      'CA:observer',
      'UNODC:international-organisation',
    ]);
  });

  it('names every bad field at once: duplicate id, bad time zone, unknown role, malformed keys', () => {
    const error = failure(`
federation: { name: Test }
agencies:
  - { id: AU, name: Australia, country: AU, role: participant, timeZone: Australia/Sydney, keys: { signing: "${keys.signing}", encryption: "${keys.encryption}" } }
  - { id: AU, name: Again, country: AU, role: participant, timeZone: Australia/Sydney }
  - { id: TH, name: Thailand, country: TH, role: participant, timeZone: Asia/Bankok }
  - { id: MY, name: Malaysia, country: MY, role: spectator, timeZone: Asia/Kuala_Lumpur }
  - { id: NZ, name: New Zealand, country: NZ, role: member, timeZone: Pacific/Auckland, keys: { signing: "ed25519:not-a-key", encryption: "${keys.signing}" } }
`);
    expect(error.violations.map((v) => v.path)).toEqual(['agencies[2].timeZone', 'agencies[3].role', 'agencies[4].keys.signing', 'agencies[4].keys.encryption', 'agencies[1].id']);
    expect(error.message).toContain('agencies[1].id: duplicates agencies[0].id "AU"');
    expect(error.message).toContain('agencies[2].timeZone: must be an IANA time zone');
    expect(error.message).toContain('agencies[3].role: must be one of participant, member, observer, international-organisation');
    expect(error.message).toContain('agencies[4].keys.signing: must be 32 bytes in base64url');
    expect(error.message).toContain('agencies[4].keys.encryption: must start with "x25519:"');
  });

  it('refuses ids that cannot be subject tokens or JetStream domains, and reserved names', () => {
    const error = failure(`
federation: { name: Test }
agencies:
  - { id: au, name: A, country: AU, role: participant, timeZone: UTC }
  - { id: "A.B", name: B, country: AU, role: participant, timeZone: UTC }
  - { id: INTERNAL, name: C, country: AU, role: participant, timeZone: UTC }
`);
    expect(error.violations.map((v) => v.path)).toEqual(['agencies[0].id', 'agencies[1].id', 'agencies[2].id']);
  });

  it('requires a country of national agencies only, and rejects unknown fields', () => {
    const error = failure(`
federation: { name: Test }
agencies:
  - { id: AU, name: A, role: participant, timeZone: UTC }
  - { id: UNODC, name: U, role: international-organisation, timeZone: Asia/Bangkok, colour: blue }
`);
    expect(error.violations.map((v) => `${v.path}: ${v.message}`)).toEqual(['agencies[0].country: is required for a national agency', 'agencies[1]: Unrecognized key: "colour"']);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(failure('federation: { name: Test\nagencies: [').message).toMatch(/not valid YAML: line \d/);
  });

  it('tells which agencies still lack keys before services may trust the manifest', async () => {
    const manifest = parseManifest(await readFile(example, 'utf8'));
    expect(() => requireTrusted(manifest)).toThrow(/AU has no public keys; run concord keys init/);
  });
});
