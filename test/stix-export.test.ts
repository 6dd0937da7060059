/**
 * The STIX 2.1 export of each kind of alert validates against the official OASIS STIX 2.1 JSON
 * schemas, the project's own schema and the rules a schema cannot state. The validator itself is
 * shown to reject broken bundles.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlertBook, toStixBundle, type IntelEvent } from '@concord/intel';
import { officialSchemasDir, stixProblems, tlp2MarkingIds } from './stix-validator.js';

const at = new Date('2027-03-01T02:00:00.000Z');
const base = { body: 'Thirty passengers.', place: 'IDKOE', operationId: '', sourceReliability: 'b', informationCredibility: '2' } as const;
const contents = {
  vessel: { ...base, kind: 'vessel-of-interest', title: 'KM Bintang Laut', vessel: { name: 'KM Bintang Laut', imo: '9074729', mmsi: '', flag: 'ID', callSign: '', vesselType: '' }, eta: new Date('2027-03-02T04:00:00Z') },
  person: { ...base, kind: 'person-of-interest', title: 'Facilitator', person: { fullName: "Budi O'Santoso", dateOfBirth: '1985-03-02', nationality: 'ID', documents: [{ number: 'A1234567', issuingCountry: 'ID' }], role: 'organiser' } },
  documents: { ...base, kind: 'document-fraud-pattern', title: 'Forged seaman\'s books', documentFraud: { documentType: "seaman's book", issuingCountry: 'ID', indicators: 'laminate lifts at the corner' } },
  route: { ...base, kind: 'route-or-modus-operandi', title: 'Kupang to Ashmore Reef', route: { waypoints: ['IDKOE', 'AUDRW'], mode: 'sea', method: 'night departures' }, window: { start: at, end: new Date('2027-03-20T00:00:00Z') } },
  other: { ...base, kind: 'other', title: 'Recruitment through social media', informationCredibility: '6' },
} as const;

function exported(content: (typeof contents)[keyof typeof contents], label: 'clear' | 'green' | 'amber' | 'amber-strict' | 'red', withFeedback: boolean) {
  const book = new AlertBook('AU');
  const alertId = crypto.randomUUID();
  const event = { type: 'alert.version', from: 'ID', at, recipients: ['AU', 'TH'], alertId, version: 1, label, expiresAt: '2027-03-31T00:00:00.000Z', ...content } as unknown as IntelEvent;
  book.apply(event, 1);
  if (withFeedback) {
    book.apply({ type: 'alert.feedback', from: 'AU', at: new Date('2027-03-02T05:00:00.000Z'), recipients: ['ID'], alertId, feedbackId: crypto.randomUUID(), kind: 'seen', note: 'at anchor', place: 'AUDRW', observedAt: '2027-03-02T04:30:00.000Z' }, 2);
    book.apply({ type: 'alert.feedback', from: 'TH', at: new Date('2027-03-03T05:00:00.000Z'), recipients: ['ID'], alertId, feedbackId: crypto.randomUUID(), kind: 'false-positive', note: '', place: '' }, 3);
  }
  const record = book.get(alertId)!;
  return toStixBundle(record, record.content!, (id) => `${id} police`);
}

describe('STIX 2.1 export', () => {
  it.each(Object.entries(contents))('%s alert with sightings validates', (_name, content) => {
    const bundle = exported(content, 'amber', true);
    expect(stixProblems(bundle)).toEqual([]);
  });

  it('maps each kind to the STIX object that fits it, with the TLP 2.0 marking and Admiralty grading', () => {
    const types = Object.values(contents).map((content) => (exported(content, 'green', false).objects as { type: string }[]).map((o) => o.type));
    expect(types).toEqual([
      ['marking-definition', 'identity', 'indicator'],
      ['marking-definition', 'identity', 'indicator'],
      ['marking-definition', 'identity', 'indicator'],
      ['marking-definition', 'identity', 'attack-pattern'],
      ['marking-definition', 'identity', 'note'],
    ]);
    const labels = ['clear', 'green', 'amber', 'amber-strict', 'red'] as const;
    labels.forEach((label, i) => {
      const bundle = exported(contents.vessel, label, true);
      expect(stixProblems(bundle)).toEqual([]);
      const objects = bundle.objects as Record<string, unknown>[];
      expect(objects[0]).toMatchObject({ id: tlp2MarkingIds[i], name: `TLP:${label.toUpperCase().replace('-', '+')}` });
      expect(objects.find((o) => o.type === 'indicator')).toMatchObject({
        pattern: "[x-concord-vessel:imo = '9074729']",
        confidence: 70,
        labels: ['admiralty-source-reliability:B', 'admiralty-information-credibility:2', 'concord-alert-kind:vessel-of-interest'],
        object_marking_refs: [tlp2MarkingIds[i]],
      });
    });
    const person = exported(contents.person, 'amber', false).objects as Record<string, unknown>[];
    expect(person.find((o) => o.type === 'indicator')?.pattern).toBe("[(x-concord-person:document_number = 'A1234567' AND x-concord-person:document_country = 'ID')]");
  });

  it('the same alert exports to the same bundle', () => {
    const book = new AlertBook('AU');
    const alertId = '6b9f1f3e-2a4c-4d5e-9f8a-1b2c3d4e5f60';
    const event = { type: 'alert.version', from: 'ID', at, recipients: ['AU'], alertId, version: 1, label: 'amber', expiresAt: '2027-03-31T00:00:00.000Z', ...contents.route } as unknown as IntelEvent;
    book.apply(event, 1);
    const record = book.get(alertId)!;
    expect(JSON.stringify(toStixBundle(record, record.content!, (id) => id))).toBe(JSON.stringify(toStixBundle(record, record.content!, (id) => id)));
  });

  it('the validator rejects what is not valid STIX 2.1', () => {
    const bundle = exported(contents.vessel, 'amber', true) as { objects: Record<string, unknown>[] };
    const broken = structuredClone(bundle);
    const indicator = broken.objects.find((o) => o.type === 'indicator')!;
    delete indicator.pattern;
    indicator.created = '2027-03-01T02:00:00Z';
    indicator.confidence = 101;
    (broken.objects.find((o) => o.type === 'sighting')!).sighting_of_ref = 'indicator--00000000-0000-4000-8000-000000000000';
    broken.objects.push({ ...broken.objects[1]! });
    expect(stixProblems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'pattern'"),
        expect.stringMatching(/\/created must match pattern/),
        expect.stringMatching(/\/confidence must be <= 100/),
        expect.stringMatching(/sighting_of_ref: indicator--0+-0+-4000-8000-0+ is not in the bundle/),
        expect.stringMatching(/appears twice/),
      ]),
    );
  });

  it('the official OASIS schemas catch what the project\'s own schema does not state', () => {
    expect(existsSync(officialSchemasDir), `the official STIX 2.1 schemas at ${officialSchemasDir}`).toBe(true);
    const broken = structuredClone(exported(contents.vessel, 'amber', true)) as { objects: Record<string, unknown>[] };
    broken.objects.find((o) => o.type === 'indicator')!.kill_chain_phases = [{ phase_name: 'night departures' }];
    broken.objects.find((o) => o.type === 'marking-definition')!.definition_type = 'tlp';
    expect(stixProblems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^official indicator: \/objects\/\d+\/kill_chain_phases\/0 must have required property 'kill_chain_name'$/),
        "official marking-definition: /objects/0/ must have required property 'definition'",
      ]),
    );
  });
});
