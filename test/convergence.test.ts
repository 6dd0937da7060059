import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CreateOperationRequest, OperationStatus } from '@concord/contracts/planning';
import { TestFederation, waitFor } from '@concord/testkit';
import { toWire } from '@concord/planning';
import { accept, operationAt, orderOf, planning, planningCodecOf, timelineOf } from './planning-helpers.js';

const agencies = ['AU', 'ID', 'TH', 'MY'];

describe('convergence after an outage', () => {
  it('an agency whose server was down while the others published 1,000 events ends with the same timeline, in the same order, none twice', async () => {
    await using federation = await TestFederation.start({ agencies, relayMaxBackoffMs: 500 });
    const start = new Date(Date.now() + 86_400_000);
    const period = { start, end: new Date(start.getTime() + 28 * 86_400_000) };
    const { operation } = await planning(federation, 'AU', 'createOperation', CreateOperationRequest.fromPartial({ name: 'Coral Tide', participants: ['ID', 'TH', 'MY'], period }));
    for (const agency of ['ID', 'TH', 'MY']) {
      await operationAt(federation, agency, operation!.id);
      await accept(federation, agency, operation!.id, 1);
    }
    for (const agency of agencies) await operationAt(federation, agency, operation!.id, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED));
    const before = (await timelineOf(federation, 'AU', operation!.id)).length;

    await federation.stopAgencyServer('MY');
    // AU, ID and TH release 1,000 action updates between them, 50 at a time, while MY is away.
    const publishers = ['AU', 'ID', 'TH'];
    const codecs = new Map(await Promise.all(publishers.map(async (agency) => [agency, await planningCodecOf(federation, agency)] as const)));
    for (let batch = 0; batch < 1_000; batch += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, 1_000 - batch) }, (_, i) => {
          const agency = publishers[(batch + i) % publishers.length]!;
          const window = { start: new Date(start.getTime() + ((batch + i) % 20) * 3_600_000), end: new Date(start.getTime() + 86_400_000) };
          const action = { id: randomUUID(), agency, kind: 'port-inspection' as const, window, jurisdiction: agency, status: 'planned' as const, outsidePeriod: false };
          const event = { type: 'action.released' as const, by: agency, operationId: operation!.id, action, at: new Date() };
          return federation.planning(agency).link.publish(toWire(codecs.get(agency)!, event, agencies.filter((a) => a !== agency)));
        }),
      );
    }
    const expected = before + 1_000;
    for (const agency of publishers) await waitFor(async () => expect(await timelineOf(federation, agency, operation!.id)).toHaveLength(expected), 30_000);

    await federation.startAgencyServer('MY');
    const my = await waitFor(async () => {
      const entries = await timelineOf(federation, 'MY', operation!.id);
      expect(entries).toHaveLength(expected);
      return entries;
    }, 60_000);
    const reference = orderOf(await timelineOf(federation, 'AU', operation!.id));
    expect(orderOf(my)).toEqual(reference);
    for (const agency of ['ID', 'TH']) expect(orderOf(await timelineOf(federation, agency, operation!.id))).toEqual(reference);
    expect(new Set(my.map((e) => e.eventId)).size).toBe(expected);
    expect(federation.planning('MY').link.stats().rejectedTotal).toBe(0);
  }, 120_000);
});
