import { describe, expect, it } from 'vitest';
import { inspectCertificate } from './certificate-info.js';
import { newKeyAndCertificate } from './certificates.js';

const leaves = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => newKeyAndCertificate({ subject: `CN=A${i} leaf,O=Concord`, profile: 'peer', days: 30 })));

const timed = (work: () => void) => {
  const started = performance.now();
  work();
  return performance.now() - started;
};

describe('inspectCertificate', () => {
  it('reads a certificate once per process: inspecting it again costs far less than parsing another', async () => {
    const [warm, fresh, same] = [await leaves(20), await leaves(40), (await leaves(1))[0]!];
    for (const { certPem } of warm) inspectCertificate(certPem);
    const fortyParses = timed(() => fresh.forEach(({ certPem }) => inspectCertificate(certPem)));
    // 200 inspections of one certificate, as five services' manifest loads make: one parse, then lookups.
    const twoHundredOfOne = timed(() => {
      for (let i = 0; i < 200; i++) inspectCertificate(same.certPem);
    });
    expect(twoHundredOfOne).toBeLessThan(fortyParses);
    const [first, again] = [inspectCertificate(same.certPem), inspectCertificate(same.certPem)];
    expect(again).toEqual(first);
    expect(again.notAfter).not.toBe(first.notAfter);
  });
});
