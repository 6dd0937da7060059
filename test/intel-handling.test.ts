/**
 * Handling labels enforced end to end: feedback reaches whom the label allows, forwarding follows TLP
 * 2.0 (RED and AMBER+STRICT never, AMBER with the originator's consent, GREEN at once), and an approved
 * forward is sealed anew by the originator for the new recipient alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStatus, FeedbackKind, ForwardStatus, TlpLabel, type Alert } from '@concord/contracts/intel';
import { TestFederation, waitFor } from '@concord/testkit';
import { alertAt, intel, publish, vesselAlert } from './intel-helpers.js';
import { failureOf } from './planning-helpers.js';

describe('handling labels', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['ID', 'AU', 'TH', 'MY'] });
  });
  afterAll(() => federation?.stop());

  const sight = (agency: string, alertId: string, note: string, originatorOnly = false) =>
    intel(federation, agency, 'addFeedback', { alertId, kind: FeedbackKind.FEEDBACK_KIND_SEEN, note, place: 'AUDRW', observedAt: new Date(), originatorOnly });
  const forward = (agency: string, alertId: string, to: string) => intel(federation, agency, 'requestForward', { alertId, toAgency: to, reason: 'the vessel may call at a Malaysian port' });

  it('AMBER: feedback reaches the originator and the other recipients; forwarding waits for the originator', async () => {
    const alert = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert('amber'), TlpLabel.TLP_LABEL_AMBER);
    await alertAt(federation, 'AU', alert.id);
    await sight('AU', alert.id, 'seen leaving Kupang at dawn');
    for (const agency of ['ID', 'TH']) {
      await alertAt(federation, agency, alert.id, (a) => expect(a.feedback.map((f) => [f.agency, f.note])).toEqual([['AU', 'seen leaving Kupang at dawn']]));
    }

    const { request } = await forward('AU', alert.id, 'MY');
    await alertAt(federation, 'ID', alert.id, (a) => expect(a.forwardRequests).toMatchObject([{ id: request!.id, requestedBy: 'AU', toAgency: 'MY', status: ForwardStatus.FORWARD_STATUS_PENDING }]));
    expect(federation.intel('MY').book.get(alert.id)).toBeUndefined();

    await intel(federation, 'ID', 'decideForward', { alertId: alert.id, requestId: request!.id, approve: true, reason: 'agreed with the MY liaison' });
    const atMy = await alertAt(federation, 'MY', alert.id);
    expect(atMy).toMatchObject({ origin: 'ID', version: 1, content: { body: expect.stringContaining('amber') } });
    await alertAt(federation, 'AU', alert.id, (a) => expect(a.forwardRequests).toMatchObject([{ status: ForwardStatus.FORWARD_STATUS_APPROVED, decisionReason: 'agreed with the MY liaison' }]));
    await alertAt(federation, 'ID', alert.id, (a) => expect(a.recipients).toEqual(['AU', 'MY', 'TH']));

    // The originator stays in control of the forwarded copy too.
    await intel(federation, 'ID', 'revokeAlert', { alertId: alert.id, reason: 'superseded by a joint plan' });
    await alertAt(federation, 'MY', alert.id, (a) => expect(a.content).toBeUndefined());
  });

  it('a revoked alert reads the same at its originator and its recipient, forwarding reasons gone, before and after their services restart', async () => {
    const alert = await publish(federation, 'ID', ['AU'], vesselAlert('revoked, then restarted'), TlpLabel.TLP_LABEL_AMBER);
    await alertAt(federation, 'AU', alert.id);
    await forward('AU', alert.id, 'MY');
    await alertAt(federation, 'ID', alert.id, (a) => expect(a.forwardRequests).toHaveLength(1));
    await intel(federation, 'ID', 'revokeAlert', { alertId: alert.id, reason: 'source withdrawn' });
    const shown = ({ status, version, label, expiresAt, publishedAt, forwardRequests, revocationReason }: Alert) => ({ status, version, label, expiresAt, publishedAt, forwardRequests, revocationReason });
    const expected = { status: AlertStatus.ALERT_STATUS_REVOKED, version: 1, label: TlpLabel.TLP_LABEL_AMBER, expiresAt: alert.expiresAt, publishedAt: alert.publishedAt, forwardRequests: [], revocationReason: 'source withdrawn' };
    for (const agency of ['ID', 'AU']) await alertAt(federation, agency, alert.id, (a) => expect(shown(a)).toEqual(expected));
    for (const agency of ['ID', 'AU']) {
      await federation.stopServices(agency);
      await federation.startServices(agency);
    }
    for (const agency of ['ID', 'AU']) expect(shown(await alertAt(federation, agency, alert.id))).toEqual(expected);
  });

  it('AMBER: a refused request leaves the alert where it was', async () => {
    const alert = await publish(federation, 'ID', ['AU'], vesselAlert('amber refused'), TlpLabel.TLP_LABEL_AMBER);
    await alertAt(federation, 'AU', alert.id);
    const { request } = await forward('AU', alert.id, 'TH');
    await alertAt(federation, 'ID', alert.id, (a) => expect(a.forwardRequests).toHaveLength(1));
    await intel(federation, 'ID', 'decideForward', { alertId: alert.id, requestId: request!.id, approve: false, reason: 'source protection' });
    await alertAt(federation, 'AU', alert.id, (a) => expect(a.forwardRequests).toMatchObject([{ status: ForwardStatus.FORWARD_STATUS_REFUSED, decisionReason: 'source protection' }]));
    expect(federation.intel('TH').book.get(alert.id)).toBeUndefined();
    expect(await failureOf(intel(federation, 'ID', 'decideForward', { alertId: alert.id, requestId: request!.id, approve: true, reason: '' }))).toMatchObject({ code: 9, message: `forwarding request ${request!.id} is already refused` });
  });

  it('GREEN: forwarding is approved at once, without the originator\'s analysts', async () => {
    const alert = await publish(federation, 'ID', ['AU'], vesselAlert('green'), TlpLabel.TLP_LABEL_GREEN);
    await alertAt(federation, 'AU', alert.id);
    await forward('AU', alert.id, 'TH');
    expect((await alertAt(federation, 'TH', alert.id)).content?.body).toContain('green');
  });

  it('RED and AMBER+STRICT: no forwarding, and feedback goes to the originator alone', async () => {
    for (const label of [TlpLabel.TLP_LABEL_RED, TlpLabel.TLP_LABEL_AMBER_STRICT]) {
      const alert = await publish(federation, 'ID', ['AU', 'TH'], vesselAlert('restricted'), label);
      await alertAt(federation, 'AU', alert.id);
      const refusal = await failureOf(forward('AU', alert.id, 'MY'));
      expect(refusal.code).toBe(9);
      expect(refusal.message).toMatch(label === TlpLabel.TLP_LABEL_RED ? /^TLP:RED is for its named recipients only: it cannot be forwarded$/ : /^TLP:AMBER\+STRICT restricts sharing to the recipient organisation: it cannot be forwarded$/);
      await sight('AU', alert.id, 'restricted sighting');
      await alertAt(federation, 'ID', alert.id, (a) => expect(a.feedback).toHaveLength(1));
      await alertAt(federation, 'TH', alert.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(federation.intel('TH').book.get(alert.id)!.feedback).toEqual([]);
    }
  });

  it('refuses what a recipient may not do, with clear errors', async () => {
    const alert = await publish(federation, 'ID', ['AU'], vesselAlert('rules'));
    await alertAt(federation, 'AU', alert.id);
    expect(await failureOf(intel(federation, 'AU', 'revokeAlert', { alertId: alert.id, reason: '' }))).toMatchObject({ code: 7, message: `alert ${alert.id} was published by ID; only it may revoke it` });
    expect(await failureOf(intel(federation, 'AU', 'updateAlert', { alertId: alert.id, content: vesselAlert('x'), label: 0, expiresAt: undefined }))).toMatchObject({ code: 7 });
    expect(await failureOf(forward('AU', alert.id, 'ID'))).toMatchObject({ code: 6, message: `ID already holds alert ${alert.id}` });
    expect(await failureOf(intel(federation, 'MY', 'getAlert', { alertId: alert.id }))).toMatchObject({ code: 5, message: `MY holds no alert ${alert.id}` });
    expect(await failureOf(publish(federation, 'ID', ['ID'], vesselAlert('self')))).toMatchObject({ code: 3, fields: ['release_to'] });
    expect(await failureOf(publish(federation, 'ID', ['ZZ'], vesselAlert('nobody')))).toMatchObject({ code: 3, message: 'invalid request: release_to: not agencies of the federation: ZZ' });
    expect(await failureOf(publish(federation, 'ID', ['AU'], vesselAlert('bad imo', { vessel: { name: '', imo: '9074728', mmsi: '12', flag: 'Indonesia', callSign: '', vesselType: '' } })))).toMatchObject({
      code: 3,
      fields: ['content.vessel.imo', 'content.vessel.mmsi', 'content.vessel.flag'],
    });
    expect(await failureOf(publish(federation, 'ID', ['AU'], vesselAlert('late'), TlpLabel.TLP_LABEL_AMBER, { expiresAt: new Date(Date.now() - 1000) }))).toMatchObject({ code: 3, fields: ['expires_at'] });
    expect(await failureOf(publish(federation, 'ID', ['AU'], vesselAlert('no label'), TlpLabel.TLP_LABEL_UNSPECIFIED))).toMatchObject({ code: 3, fields: ['label'] });
    await waitFor(() => expect(federation.intel('ID').book.get(alert.id)?.deliveries.get('AU')?.deliveredVersion).toBe(1));
  });
});
