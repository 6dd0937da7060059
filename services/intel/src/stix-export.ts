/**
 * An alert as a STIX 2.1 bundle, for tools that speak STIX (MISP, OpenCTI, a national TIP):
 *  - the originator as an `identity`;
 *  - its TLP 2.0 label as the marking definition OASIS publishes for it (fixed ids);
 *  - the alert as an `indicator` where it names something to look for (a vessel, a person, a document
 *    pattern), with a pattern over Concord's custom observable types; a route or modus operandi as an
 *    `attack-pattern`; anything else as a `note`;
 *  - Admiralty grading as labels, and credibility as STIX confidence (the spec's Admiralty mapping);
 *  - each piece of feedback as a `sighting` by the agency that reported it.
 * Ids derive from the alert's and agencies' ids, so the same alert exports to the same objects.
 */
import { v5 as uuidv5 } from 'uuid';
import type { AlertContent } from './domain/alert-content.js';
import type { AlertRecord, FeedbackEntry } from './domain/alert-record.js';
import { tlpText, type TlpLabel } from './domain/handling.js';

type StixObject = Record<string, unknown> & { readonly type: string; readonly id: string };

/** Namespace for Concord's name-based STIX ids. */
const concordNamespace = '0b5c7a52-3a6a-4d3c-9d6f-0c2f6c1f8a4e';

const tlpMarkingIds: Record<TlpLabel, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber-strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};
const tlpExtension = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** STIX 2.1, appendix on confidence scales: Admiralty credibility 1 to 5; 6 (cannot be judged) has none. */
const credibilityConfidence: Record<string, number | undefined> = { '1': 90, '2': 70, '3': 50, '4': 30, '5': 10, '6': undefined };

const timestamp = (date: Date) => date.toISOString();
const identityId = (agency: string) => `identity--${uuidv5(`agency:${agency}`, concordNamespace)}`;

function tlpMarking(label: TlpLabel): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: tlpMarkingIds[label],
    created: '2022-10-01T00:00:00.000Z',
    name: tlpText(label),
    extensions: { [tlpExtension]: { extension_type: 'property-extension', tlp_2_0: tlpText(label).slice(4).toLowerCase() } },
  };
}

function identity(agency: string, name: string, created: Date): StixObject {
  return { type: 'identity', spec_version: '2.1', id: identityId(agency), created: timestamp(created), modified: timestamp(created), name, identity_class: 'organization' };
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A STIX pattern over Concord's custom observable types, or undefined when there is nothing to match. */
export function patternOf(content: AlertContent): string | undefined {
  const terms: string[] = [];
  const add = (object: string, property: string, value: string | undefined) => {
    if (value) terms.push(`${object}:${property} = ${quote(value)}`);
  };
  if (content.vessel) {
    add('x-concord-vessel', 'imo', content.vessel.imo);
    add('x-concord-vessel', 'mmsi', content.vessel.mmsi);
    if (terms.length === 0) add('x-concord-vessel', 'name', content.vessel.name);
  }
  if (content.person) {
    for (const document of content.person.documents) terms.push(`(x-concord-person:document_number = ${quote(document.number)}${document.issuingCountry ? ` AND x-concord-person:document_country = ${quote(document.issuingCountry)}` : ''})`);
    if (terms.length === 0) add('x-concord-person', 'name', content.person.fullName);
  }
  if (content.documentFraud) {
    terms.push(`(x-concord-document:document_type = ${quote(content.documentFraud.documentType)}${content.documentFraud.issuingCountry ? ` AND x-concord-document:issuing_country = ${quote(content.documentFraud.issuingCountry)}` : ''})`);
  }
  return terms.length > 0 ? `[${terms.join(' OR ')}]` : undefined;
}

function description(content: AlertContent): string {
  const lines = [content.body];
  if (content.place) lines.push(`Place (UN/LOCODE): ${content.place}`);
  if (content.eta) lines.push(`ETA: ${timestamp(content.eta)}`);
  if (content.vessel?.name) lines.push(`Vessel: ${content.vessel.name}${content.vessel.flag ? ` (flag ${content.vessel.flag})` : ''}`);
  if (content.route) lines.push(`Route (${content.route.mode || 'mode not given'}): ${content.route.waypoints.join(' > ')}${content.route.method ? `. ${content.route.method}` : ''}`);
  if (content.documentFraud?.indicators) lines.push(`Indicators: ${content.documentFraud.indicators}`);
  return lines.filter(Boolean).join('\n');
}

function mainObject(record: AlertRecord, content: AlertContent): StixObject {
  const common = {
    spec_version: '2.1',
    created: timestamp(record.publishedAt),
    modified: timestamp(record.updatedAt),
    created_by_ref: identityId(record.origin),
    object_marking_refs: [tlpMarkingIds[record.label]],
    labels: [`admiralty-source-reliability:${content.sourceReliability.toUpperCase()}`, `admiralty-information-credibility:${content.informationCredibility}`, `concord-alert-kind:${content.kind}`],
    ...(credibilityConfidence[content.informationCredibility] !== undefined ? { confidence: credibilityConfidence[content.informationCredibility] } : {}),
  };
  const pattern = patternOf(content);
  if (pattern) {
    return {
      type: 'indicator',
      id: `indicator--${record.id}`,
      ...common,
      name: content.title,
      description: description(content),
      indicator_types: ['malicious-activity'],
      pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: timestamp(content.window?.start ?? record.publishedAt),
      valid_until: timestamp(record.expiresAt),
    };
  }
  if (content.kind === 'route-or-modus-operandi') return { type: 'attack-pattern', id: `attack-pattern--${record.id}`, ...common, name: content.title, description: description(content) };
  return { type: 'note', id: `note--${record.id}`, ...common, abstract: content.title, content: description(content) || content.title, object_refs: [identityId(record.origin)] };
}

function sighting(feedback: FeedbackEntry, of: StixObject, record: AlertRecord): StixObject {
  const seen = feedback.observedAt ?? feedback.recordedAt;
  return {
    type: 'sighting',
    spec_version: '2.1',
    id: `sighting--${feedback.id}`,
    created: timestamp(feedback.recordedAt),
    modified: timestamp(feedback.recordedAt),
    created_by_ref: identityId(feedback.agency),
    object_marking_refs: [tlpMarkingIds[record.label]],
    sighting_of_ref: of.id,
    where_sighted_refs: [identityId(feedback.agency)],
    first_seen: timestamp(seen),
    last_seen: timestamp(seen),
    count: 1,
    description: `${feedback.kind}${feedback.place ? ` at ${feedback.place}` : ''}${feedback.note ? `: ${feedback.note}` : ''}`,
  };
}

/** The bundle for an alert that still has its content; `nameOf` gives an agency's name from the manifest. */
export function toStixBundle(record: AlertRecord, content: AlertContent, nameOf: (agency: string) => string): Record<string, unknown> {
  const main = mainObject(record, content);
  const agencies = [...new Set([record.origin, ...record.feedback.map((f) => f.agency)])].sort();
  const objects: StixObject[] = [
    tlpMarking(record.label),
    ...agencies.map((agency) => identity(agency, nameOf(agency), record.publishedAt)),
    main,
    ...record.feedback.map((f) => sighting(f, main, record)),
  ];
  return { type: 'bundle', id: `bundle--${uuidv5(`alert:${record.id}:${record.version}:${record.feedback.length}`, concordNamespace)}`, objects };
}
