/**
 * The secure intelligence exchange end to end: four agencies, each on its own nats-server, real gRPC.
 * An alert reaches exactly the agencies it is released to, nobody on the way reads it, every recipient
 * confirms receipt, and the originator's revocation or the alert's expiry purges every copy.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStatus, TlpLabel } from '@concord/contracts/intel';
import { TestFederation, waitFor } from '@concord/testkit';
import { alertAt, intel, publish, vesselAlert } from './intel-helpers.js';

/** Every file under a directory, as one string, to search a store on disk. */
async function bytesUnder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, 'latin1')))).join('\n');
}

describe('secure intelligence exchange', () => {
  let federation: TestFederation;
  const hub: string[] = [];

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['ID', 'AU', 'TH', 'MY'] });
    for (const account of federation.agencyIds) {
      const nc = await federation.connectHub(account);
      nc.subscribe('>', { callback: (_e, m) => hub.push(new TextDecoder().decode(m.data)) });
    }
  });
  afterAll(() => federation?.stop());

  it('reaches AU and TH only, opened and acknowledged by each; MY and the hub read nothing', async () => {
    const canary = `CANARY-${crypto.randomUUID()}`;
    const published = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert(canary));
    expect(published).toMatchObject({ origin: 'ID', version: 1, recipients: ['AU', 'TH'], label: TlpLabel.TLP_LABEL_AMBER, status: AlertStatus.ALERT_STATUS_ACTIVE });

    for (const agency of ['AU', 'TH']) {
      const received = await alertAt(federation, agency, published.id);
      expect(received.content?.body).toContain(canary);
      expect(received.content?.vessel?.imo).toBe('9074729');
      await intel(federation, agency, 'acknowledgeAlert', { alertId: published.id });
    }
    const seen = await alertAt(federation, 'ID', published.id, (alert) => {
      expect(alert.deliveries.map((d) => [d.agency, d.deliveredVersion, d.acknowledgedVersion])).toEqual([
        ['AU', 1, 1],
        ['TH', 1, 1],
      ]);
    });
    expect(seen.deliveries.every((d) => d.deliveredAt && d.acknowledgedAt)).toBe(true);

    expect(federation.intel('MY').book.all()).toEqual([]);
    expect((await intel(federation, 'MY', 'listAlerts', { includeInactive: true, origin: '' })).alerts).toEqual([]);
    expect(hub.length).toBeGreaterThan(0);
    expect(hub.some((data) => data.includes(published.id))).toBe(true);
    expect(hub.filter((data) => data.includes(canary))).toEqual([]);
    expect(hub.filter((data) => data.includes('Bintang') || data.includes('9074729'))).toEqual([]);
  });

  it('reaches a recipient that was offline at publication when it returns', async () => {
    await federation.stopServices('TH');
    await federation.stopAgencyServer('TH');
    const alert = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert('offline'));
    await alertAt(federation, 'AU', alert.id);
    await federation.startAgencyServer('TH');
    await federation.startServices('TH');
    const received = await alertAt(federation, 'TH', alert.id);
    expect(received.content?.body).toContain('offline');
    await alertAt(federation, 'ID', alert.id, (a) => expect(a.deliveries.find((d) => d.agency === 'TH')?.deliveredVersion).toBe(1));
  });

  it('a revocation purges the content from every recipient, in memory and on disk', async () => {
    const canary = `REVOKED-${crypto.randomUUID()}`;
    const alert = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert(canary));
    const sealed: string[] = [];
    for (const agency of ['AU', 'TH']) {
      await alertAt(federation, agency, alert.id);
      // The sealed box as stored: a stretch of its ciphertext, to look for on disk afterwards.
      sealed.push(hub.find((data) => data.includes(alert.id) && data.includes('"box"'))!.match(/"content":"([A-Za-z0-9_-]{40})/)![1]!);
    }
    const storeOf = (agency: string) => federation.prepared.paths.agency(agency).storeDir;
    expect(await bytesUnder(storeOf('AU'))).toContain(sealed[0]);

    await intel(federation, 'ID', 'revokeAlert', { alertId: alert.id, reason: 'source withdrawn' });
    for (const agency of ['AU', 'TH']) {
      const revoked = await alertAt(federation, agency, alert.id, (a) => expect(a.status).toBe(AlertStatus.ALERT_STATUS_REVOKED));
      expect(revoked.content).toBeUndefined();
      expect(revoked.revocationReason).toBe('source withdrawn');
      await waitFor(async () => {
        const disk = await bytesUnder(storeOf(agency));
        for (const fragment of sealed) expect(disk).not.toContain(fragment);
      });
      const audit = await readFile(federation.intel(agency).audit.path, 'utf8');
      expect(audit).toMatch(new RegExp(`"action":"revoked","actor":"ID","subject":"alert:${alert.id}"`));
      expect(audit).toMatch(new RegExp(`"action":"purged","actor":"${agency}","subject":"alert:${alert.id}"`));
    }
  });
});
