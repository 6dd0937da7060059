import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation, waitFor } from '@concord/testkit';
import { createOperation, timelineOf } from './planning-helpers.js';

describe('the first slice across four agencies, real gRPC and real NATS', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'MY', 'NZ', 'CA'] });
  });
  afterAll(() => federation?.stop());

  it('an operation created by AU is stored by AU and verified and stored by ID, TH and MY', async () => {
    const operation = await createOperation(federation, 'AU', ['ID', 'TH', 'MY']);
    expect(operation.participants).toEqual(['AU', 'ID', 'MY', 'TH']);
    expect(operation.leadAgency).toBe('AU');

    const [own] = await timelineOf(federation, 'AU', operation.id);
    expect(own).toMatchObject({ type: 'operation.proposed', originAgency: 'AU', operationId: operation.id });
    for (const participant of ['ID', 'TH', 'MY']) {
      const entries = await waitFor(async () => {
        const list = await timelineOf(federation, participant, operation.id);
        if (list.length === 0) throw new Error(`${participant} has not received it yet`);
        return list;
      });
      // The same signed event, byte for byte the same identity and clock stamp, at every participant.
      expect(entries.map((e) => [e.eventId, e.hlc, e.originAgency])).toEqual([[own!.eventId, own!.hlc, 'AU']]);
      expect(entries[0]!.operationTerms?.name).toBe('Coral Tide');
      expect(federation.planning(participant).link.stats().received).toBe(1);
    }
    expect(federation.planning('AU').link.stats().relays).toMatchObject({ ID: { delivered: 1 }, TH: { delivered: 1 }, MY: { delivered: 1 }, NZ: { delivered: 0 }, CA: { delivered: 0 } });
  });

  it('the member and the observer, not invited, receive nothing', async () => {
    for (const outsider of ['NZ', 'CA']) {
      expect(await timelineOf(federation, outsider)).toEqual([]);
      expect(federation.planning(outsider).link.stats()).toMatchObject({ received: 0, rejectedTotal: 0 });
    }
  });
});
