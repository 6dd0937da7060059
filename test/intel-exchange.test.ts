/**
 * The secure intelligence exchange end to end: four agencies, each on its own nats-server, real gRPC.
 * An alert reaches exactly the agencies it is released to, nobody on the way reads it, every recipient
 * confirms receipt, and the originator's revocation or the alert's expiry purges every copy.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertChangeKind, AlertStatus, TlpLabel, type WatchAlertsResponse } from '@concord/contracts/intel';
import { TestFederation, waitFor } from '@concord/testkit';
import { alertAt, bytesUnder, intel, publish, sealedFragment, vesselAlert } from './intel-helpers.js';

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
    for (const agency of ['AU', 'TH']) await alertAt(federation, agency, alert.id);
    const sealed = sealedFragment(hub, alert.id);
    const storeOf = (agency: string) => federation.prepared.paths.agency(agency).storeDir;
    for (const agency of ['ID', 'AU', 'TH']) expect(await bytesUnder(storeOf(agency))).toContain(sealed);

    await intel(federation, 'ID', 'revokeAlert', { alertId: alert.id, reason: 'source withdrawn' });
    for (const agency of ['AU', 'TH']) {
      const revoked = await alertAt(federation, agency, alert.id, (a) => expect(a.status).toBe(AlertStatus.ALERT_STATUS_REVOKED));
      expect(revoked.content).toBeUndefined();
      expect(revoked.revocationReason).toBe('source withdrawn');
      await waitFor(async () => expect(await bytesUnder(storeOf(agency))).not.toContain(sealed));
      const audit = await readFile(federation.intel(agency).audit.path, 'utf8');
      expect(audit).toMatch(new RegExp(`"action":"revoked","actor":"ID","subject":"alert:${alert.id}"`));
      expect(audit).toMatch(new RegExp(`"action":"purged","actor":"${agency}","subject":"alert:${alert.id}"`));
    }
  });

  it('a revocation also reaches a recipient that was offline all along: it never holds the content', async () => {
    await federation.stopServices('TH');
    await federation.stopAgencyServer('TH');
    const alert = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert('never for TH'));
    await alertAt(federation, 'AU', alert.id);
    const sealed = sealedFragment(hub, alert.id);
    await intel(federation, 'ID', 'revokeAlert', { alertId: alert.id, reason: 'withdrawn before TH returned' });
    await federation.startAgencyServer('TH');
    await federation.startServices('TH');
    const atTh = await alertAt(federation, 'TH', alert.id, (a) => expect(a.status).toBe(AlertStatus.ALERT_STATUS_REVOKED));
    expect(atTh.content).toBeUndefined();
    await waitFor(async () => expect(await bytesUnder(federation.prepared.paths.agency('TH').storeDir)).not.toContain(sealed));
  });

  it('a new version replaces every copy, and the old one leaves the disk', async () => {
    const alert = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert('first version'));
    for (const agency of ['AU', 'TH']) await alertAt(federation, agency, alert.id);
    const first = sealedFragment(hub, alert.id);
    await intel(federation, 'ID', 'updateAlert', { alertId: alert.id, content: vesselAlert('second version'), label: TlpLabel.TLP_LABEL_RED, expiresAt: undefined });
    for (const agency of ['AU', 'TH']) {
      const updated = await alertAt(federation, agency, alert.id, (a) => expect(a.version).toBe(2));
      expect(updated).toMatchObject({ label: TlpLabel.TLP_LABEL_RED, content: { body: expect.stringContaining('second version') } });
      await waitFor(async () => expect(await bytesUnder(federation.prepared.paths.agency(agency).storeDir)).not.toContain(first));
    }
    await alertAt(federation, 'ID', alert.id, (a) => expect(a.deliveries.map((d) => d.deliveredVersion)).toEqual([2, 2]));
  });

  it('an expired alert is purged everywhere, also at a recipient that was down when it expired', async () => {
    const alert = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert('short-lived'), TlpLabel.TLP_LABEL_GREEN, { expiresAt: new Date(Date.now() + 3_000) });
    for (const agency of ['AU', 'TH']) await alertAt(federation, agency, alert.id);
    const sealed = sealedFragment(hub, alert.id);
    await federation.stopServices('TH');
    for (const agency of ['ID', 'AU']) {
      const expired = await alertAt(federation, agency, alert.id, (a) => expect(a.status).toBe(AlertStatus.ALERT_STATUS_EXPIRED));
      expect(expired.content).toBeUndefined();
    }
    await federation.startServices('TH');
    const expired = await alertAt(federation, 'TH', alert.id, (a) => expect(a.status).toBe(AlertStatus.ALERT_STATUS_EXPIRED));
    expect(expired.content).toBeUndefined();
    for (const agency of ['ID', 'AU', 'TH']) {
      await waitFor(async () => expect(await bytesUnder(federation.prepared.paths.agency(agency).storeDir)).not.toContain(sealed));
      const audit = await readFile(federation.intel(agency).audit.path, 'utf8');
      expect(audit).toContain(`"action":"purged","actor":"${agency}","subject":"alert:${alert.id}"`);
    }
  });

  it('WatchAlerts streams the current alerts, then every change as it happens', async () => {
    const earlier = await publish(federation, 'ID', ['TH'], vesselAlert('held before the watch'));
    await alertAt(federation, 'TH', earlier.id);
    const client = federation.intelClient('TH');
    const changes: string[] = [];
    const stream = client.watchAlerts({});
    stream.on('data', (response: WatchAlertsResponse) => changes.push(`${AlertChangeKind[response.change]} ${response.alert!.id} v${response.alert!.version}`));
    stream.on('error', () => undefined);
    // The current alerts may arrive over several reads: wait for the earlier one among them.
    await waitFor(() => expect(changes).toContain(`ALERT_CHANGE_KIND_CURRENT ${earlier.id} v1`));
    // The current alerts come first. TH's receipt for the earlier alert is batched, so its
    // DELIVERED change may follow them as a live change; nothing else may come before the publish.
    const firstLive = changes.findIndex((c) => !c.startsWith('ALERT_CHANGE_KIND_CURRENT'));
    expect(changes.slice(0, firstLive === -1 ? undefined : firstLive)).toContain(`ALERT_CHANGE_KIND_CURRENT ${earlier.id} v1`);
    if (firstLive !== -1) expect(changes.slice(firstLive).every((c) => c.startsWith(`ALERT_CHANGE_KIND_DELIVERED ${earlier.id}`))).toBe(true);
    const before = changes.length;
    const alert = await publish(federation, 'ID', ['TH'], vesselAlert('watched'));
    await intel(federation, 'ID', 'updateAlert', { alertId: alert.id, content: vesselAlert('watched again'), label: 0, expiresAt: undefined });
    await intel(federation, 'ID', 'revokeAlert', { alertId: alert.id, reason: '' });
    // TH's own delivery receipts show too, interleaved as they are stored.
    await waitFor(() =>
      expect(changes.slice(before).filter((c) => !c.startsWith('ALERT_CHANGE_KIND_DELIVERED'))).toEqual([`ALERT_CHANGE_KIND_PUBLISHED ${alert.id} v1`, `ALERT_CHANGE_KIND_UPDATED ${alert.id} v2`, `ALERT_CHANGE_KIND_REVOKED ${alert.id} v2`]),
    );
    // The receipt waits out its batching window, which the three calls above may now finish within.
    await waitFor(() => expect(changes.slice(before).some((c) => c.startsWith(`ALERT_CHANGE_KIND_DELIVERED ${alert.id}`))).toBe(true));
    stream.cancel();
    client.close();
  });
});
