/**
 * Checks a STIX 2.1 bundle: the JSON schema (test/fixtures/stix-2.1.schema.json), and what a schema
 * cannot say: every reference resolves inside the bundle, ids are unique, an indicator's validity
 * ends after it starts, and TLP markings are the ones OASIS defines for TLP 2.0.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('./fixtures/stix-2.1.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false }).compile(schema);

export const tlp2MarkingIds = [
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
];

type StixObject = Record<string, unknown> & { id: string; type: string };

export function stixProblems(bundle: unknown): string[] {
  const problems: string[] = [];
  if (!validate(bundle)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
  const objects = ((bundle as { objects?: StixObject[] }).objects ?? []).filter((o) => typeof o === 'object');
  const ids = new Set<string>();
  for (const object of objects) {
    if (ids.has(object.id)) problems.push(`${object.id} appears twice`);
    ids.add(object.id);
  }
  for (const object of objects) {
    for (const [key, value] of Object.entries(object)) {
      const refs = key.endsWith('_ref') ? [value] : key.endsWith('_refs') ? (value as unknown[]) : [];
      for (const ref of refs) if (typeof ref === 'string' && !ids.has(ref)) problems.push(`${object.id} ${key}: ${ref} is not in the bundle`);
    }
    if (object.type === 'indicator' && typeof object.valid_until === 'string' && object.valid_until <= (object.valid_from as string)) problems.push(`${object.id}: valid_until is not after valid_from`);
    if (object.type === 'marking-definition' && !tlp2MarkingIds.includes(object.id)) problems.push(`${object.id} is not a TLP 2.0 marking definition`);
  }
  return problems;
}
