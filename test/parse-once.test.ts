/**
 * An event is parsed once on each side: the sender's dispatcher takes the envelope its link just signed
 * instead of parsing the stored bytes again, and the recipient checks the envelope once, at the door.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventEnvelopeSchema } from '@concord/federation';
import { TestFederation } from '@concord/testkit';
import { alertAt, publish, vesselAlert } from './intel-helpers.js';

describe('parse once', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['ID', 'AU', 'TH'] });
  });
  afterAll(() => federation?.stop());

  it('an alert to two agencies has its envelope checked once at each recipient and never again at the sender', async () => {
    // Spies call through: every check still runs, and each call is recorded with what it checked.
    const safeParse = vi.spyOn(eventEnvelopeSchema, 'safeParse');
    const parse = vi.spyOn(eventEnvelopeSchema, 'parse');
    const ofAlert = (calls: unknown[][], alertId: string) => calls.map(([value]) => value as { scope?: string; recipients?: string[] } | undefined).filter((value) => value?.scope === alertId);
    try {
      const alert = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert('parsed once'));
      for (const agency of ['AU', 'TH']) await alertAt(federation, agency, alert.id);
      // Once at AU's door, once at TH's: not again by ID's dispatcher, nor by any store follower.
      expect(ofAlert(safeParse.mock.calls, alert.id).map((value) => value?.recipients)).toEqual([['AU', 'TH'], ['AU', 'TH']]);
      expect(ofAlert(parse.mock.calls, alert.id)).toEqual([]);
    } finally {
      safeParse.mockRestore();
      parse.mockRestore();
    }
  });
});
