import { describe, expect, it } from 'vitest';
import { defaultPeerQuota, InboundQuotas } from './inbound-quotas.js';

describe('inbound quotas', () => {
  it('given an allowance of 10 events per 10 s, a burst takes 10, then one more each second', () => {
    let now = 0;
    const quotas = new InboundQuotas({ peers: { TH: { intervalSeconds: 10, eventsPerInterval: 10 } } }, () => now);
    const admitted = Array.from({ length: 15 }, () => quotas.admit('TH', 100)).filter((over) => over === undefined);
    expect(admitted).toHaveLength(10);
    expect(quotas.admit('TH', 100)).toBe('events');
    now += 1_000;
    expect(quotas.admit('TH', 100)).toBeUndefined();
    expect(quotas.admit('TH', 100)).toBe('events');
    expect(quotas.snapshot().TH).toEqual({ storedBytes: 1_100, refused: { events: 7, bytes: 0, stored: 0 } });
  });

  it('given bytes per interval, an event larger than what is left waits; other peers keep their own allowance', () => {
    const quotas = new InboundQuotas({ default: { bytesPerInterval: 1_000 } }, () => 0);
    expect(quotas.admit('TH', 800)).toBeUndefined();
    expect(quotas.admit('TH', 300)).toBe('bytes');
    expect(quotas.admit('MY', 300)).toBeUndefined();
  });

  it('given bytes already stored, a peer at its stored limit is refused, and a failed store gives back what it took', () => {
    const quotas = new InboundQuotas({ peers: { TH: { storedBytes: 1_000 } } }, () => 0);
    quotas.stored('TH', 900);
    expect(quotas.admit('TH', 200)).toBe('stored');
    expect(quotas.admit('TH', 100)).toBeUndefined();
    quotas.release('TH', 100);
    expect(quotas.admit('TH', 100)).toBeUndefined();
    expect(quotas.snapshot().TH!.storedBytes).toBe(1_000);
  });

  it('without settings, the defaults sized for a Joint Period of Action apply', () => {
    expect(new InboundQuotas().quotaOf('TH')).toEqual(defaultPeerQuota);
    expect(new InboundQuotas({ default: { eventsPerInterval: 5 }, peers: { TH: { storedBytes: 9 } } }).quotaOf('TH')).toEqual({ ...defaultPeerQuota, eventsPerInterval: 5, storedBytes: 9 });
  });
});
