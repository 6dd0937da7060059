/**
 * Every NATS subject Concord uses, in one place.
 *
 * Across the federation a delivery travels on `jpa.<to>.<from>.<capability>.<event type>`. The hub
 * routes `jpa.<to>.<from>.>` only from account <from> to account <to>, so an agency can neither
 * speak as another nor receive what is addressed to someone else. Inside an agency everything else
 * (stores, JetStream API, replies) stays in the internal account and never reaches the leaf link.
 */
import type { Capability } from './capability.js';

const federationPrefix = 'jpa';

export const FederationSubjects = {
  /** One delivery from `from` to `to`. */
  delivery: (to: string, from: string, capability: Capability, type: string) => `${federationPrefix}.${to}.${from}.${capability}.${type}`,
  /** What one capability of `to` answers, from any sender. */
  inbound: (to: string, capability: Capability) => `${federationPrefix}.${to}.*.${capability}.>`,
  /** Everything `from` may send to `to`: the unit the hub and the agency servers export and import. */
  pair: (to: string, from: string) => `${federationPrefix}.${to}.${from}.>`,
  /** Everything addressed to `to`: what an agency server lets in from its leaf link. */
  addressedTo: (to: string) => `${federationPrefix}.${to}.*.>`,
} as const;

/** The type of the signal a link sends its peers when it starts or reconnects: "I am back". */
export const readySignalType = 'link.ready';
/** The type of a batch delivery: several signed events in one request (see delivery-batch.ts). */
export const batchDeliveryType = 'link.batch';

export interface DeliveryAddress {
  readonly to: string;
  readonly from: string;
  readonly capability: string;
  readonly type: string;
}

/** Splits a delivery subject; undefined when it is not one. */
export function parseDeliverySubject(subject: string): DeliveryAddress | undefined {
  const [prefix, to, from, capability, ...type] = subject.split('.');
  if (prefix !== federationPrefix || !to || !from || !capability || type.length === 0) return undefined;
  return { to, from, capability, type: type.join('.') };
}

/** Subjects of an agency's own event store for one capability; private to the agency's server. */
export const StoreSubjects = {
  all: (capability: Capability) => `${capability}.events.>`,
  /** Events of one scope (an operation) by one origin agency. */
  event: (capability: Capability, scope: string, origin: string) => `${capability}.events.${scope}.${origin}`,
  /** Events this agency originated, in every scope: what its relays deliver. */
  byOrigin: (capability: Capability, origin: string) => `${capability}.events.*.${origin}`,
  streamName: (capability: Capability) => `${capability.toUpperCase()}_EVENTS`,
} as const;
