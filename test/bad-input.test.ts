import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headers, type NatsConnection } from 'nats';
import { status } from '@grpc/grpc-js';
import { CreateOperationRequest, ListTimelineRequest } from '@concord/contracts/planning';
import { formatHlc } from '@concord/clock';
import { decodeReply, FederationSubjects, SignatureHeader } from '@concord/federation';
import type { PlanningCodec } from '@concord/planning';
import { sealedEventType } from '@concord/sealing';
import { loadAgencyIdentity, SignatureContext, signBytes, type AgencyIdentity } from '@concord/identity';
import { callUnary, probeHealth } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { createOperation, failureOf, nextMonth, planningCodecOf, proposalEvent, timelineOf } from './planning-helpers.js';


describe('bad input', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'NZ'] });
  });
  afterAll(() => federation?.stop());

  describe('over gRPC', () => {
    it('CreateOperation without its fields answers INVALID_ARGUMENT naming each', async () => {
      const client = federation.planningClient('AU');
      const failure = await failureOf(callUnary(client, 'createOperation', CreateOperationRequest.fromPartial({ name: '', participants: [], period: undefined })));
      expect(failure.code).toBe(status.INVALID_ARGUMENT);
      expect(failure.fields).toEqual(['name', 'participants', 'period']);
      expect(failure.message).toBe('invalid request: name: is required; participants: is required; period: is required');
      client.close();
    });

    it('CreateOperation with invalid values names the field and the request position', async () => {
      const client = federation.planningClient('AU');
      const { start, end } = nextMonth();
      const badIds = await failureOf(callUnary(client, 'createOperation', CreateOperationRequest.fromPartial({ name: 'X', participants: ['ID', 'not an id'], period: { start, end } })));
      expect(badIds).toMatchObject({ code: status.INVALID_ARGUMENT, fields: ['participants[1]'] });
      const rules = await failureOf(callUnary(client, 'createOperation', CreateOperationRequest.fromPartial({ name: 'X', participants: ['NZ', 'ZZ'], period: { start: end, end: start } })));
      expect(rules.code).toBe(status.INVALID_ARGUMENT);
      expect(rules.message).toContain('participants[0]: NZ is a member, not a participant');
      expect(rules.message).toContain('participants[1]: ZZ is not an agency of the federation');
      expect(rules.fields).toEqual(['participants[0]', 'participants[1]', 'period.end']);
      const noStart = await failureOf(callUnary(client, 'createOperation', CreateOperationRequest.fromPartial({ name: 'X', participants: ['ID'], period: { start: undefined, end } })));
      expect(noStart).toMatchObject({ code: status.INVALID_ARGUMENT, fields: ['period.start'] });
      client.close();
    });

    it('ListTimeline and GetOperation refuse bad paging and ids, and say NOT_FOUND for unknown operations', async () => {
      const client = federation.planningClient('ID');
      expect(await failureOf(callUnary(client, 'listTimeline', ListTimelineRequest.fromPartial({ operationId: '', pageSize: 5000, pageToken: '' })))).toMatchObject({ code: status.INVALID_ARGUMENT, fields: ['page_size'] });
      expect(await failureOf(callUnary(client, 'listTimeline', ListTimelineRequest.fromPartial({ operationId: '', pageSize: 10, pageToken: 'forged' })))).toMatchObject({ code: status.INVALID_ARGUMENT, fields: ['page_token'] });
      expect(await failureOf(callUnary(client, 'getOperation', { operationId: '' }))).toMatchObject({ code: status.INVALID_ARGUMENT, fields: ['operation_id'] });
      expect(await failureOf(callUnary(client, 'getOperation', { operationId: randomUUID() }))).toMatchObject({ code: status.NOT_FOUND });
      client.close();
    });
  });

  describe('on a shared NATS subject', () => {
    let inside: NatsConnection;
    let keys: AgencyIdentity;
    let codec: PlanningCodec;
    const subject = FederationSubjects.delivery('ID', 'AU', 'planning', sealedEventType);

    beforeAll(async () => {
      // A compromised AU service: AU's credentials, AU's signing and encryption keys, AU's lane to ID.
      inside = await federation.connectAgency('AU');
      keys = await loadAgencyIdentity(federation.prepared.paths.agency('AU').keysDir);
      codec = await planningCodecOf(federation, 'AU');
    });

    /** A proposal from AU to ID, its content sealed as AU's service seals it. */
    function envelope(overrides: Record<string, unknown> = {}, operation: Parameters<typeof proposalEvent>[3] = {}) {
      const { type, scope, body } = proposalEvent(codec, 'AU', ['ID'], operation);
      return { v: 1, id: randomUUID(), origin: 'AU', capability: 'planning', type, scope, recipients: ['ID'], hlc: formatHlc({ wall: Date.now(), logical: 0 }), issuedAt: new Date().toISOString(), body, ...overrides };
    }

    async function send(data: Uint8Array, signature?: string) {
      const h = headers();
      if (signature !== undefined) h.set(SignatureHeader, signature);
      return decodeReply((await inside.request(subject, data, { headers: h, timeout: 2_000 })).data);
    }

    const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const signed = (value: unknown) => {
      const data = bytes(value);
      return [data, signBytes(SignatureContext.Event, data, keys.signingKey)] as const;
    };

    it('refuses, logs and counts each malformed, unsigned, forged or replayed delivery, and keeps serving', async () => {
      const before = await timelineOf(federation, 'ID');
      const replayed = envelope();
      const outcomes = {
        notJson: await send(new TextEncoder().encode('{not json'), 'c2ln'),
        unsigned: await send(bytes(envelope())),
        wrongShape: await send(...signed({ ...envelope(), recipients: 'ID' })),
        oversized: await send(...signed(envelope({ body: { padding: 'x'.repeat(100 * 1024) } }))),
        notForMe: await send(...signed(envelope({ recipients: ['TH'] }))),
        fromTheFuture: await send(...signed(envelope({ hlc: formatHlc({ wall: Date.now() + 3_600_000, logical: 0 }) }))),
        notTheLead: await send(...signed(envelope({}, { coChairs: ['ID'] }))),
        firstCopy: await send(...signed(replayed)),
        sameIdOtherContent: await send(...signed({ ...replayed, body: envelope({}, { id: replayed.scope, name: 'Altered' }).body })),
        sameBytesAgain: await send(...signed(replayed)),
      };
      // Fire-and-forget garbage with nobody to answer (and no signature): counted all the same.
      inside.publish(subject, new TextEncoder().encode('garbage'));
      await inside.flush();

      expect(outcomes).toEqual({
        notJson: expect.objectContaining({ ok: false, reason: 'malformed' }),
        unsigned: expect.objectContaining({ ok: false, reason: 'unsigned' }),
        wrongShape: expect.objectContaining({ ok: false, reason: 'malformed' }),
        oversized: expect.objectContaining({ ok: false, reason: 'oversized' }),
        notForMe: expect.objectContaining({ ok: false, reason: 'not-recipient' }),
        fromTheFuture: expect.objectContaining({ ok: false, reason: 'clock-ahead' }),
        notTheLead: expect.objectContaining({ ok: false, reason: 'refused' }),
        firstCopy: { ok: true, duplicate: false },
        sameIdOtherContent: expect.objectContaining({ ok: false, reason: 'replay' }),
        sameBytesAgain: { ok: true, duplicate: true },
      });
      const stats = await waitFor(() => {
        const s = federation.planning('ID').link.stats();
        expect(s.rejectedTotal).toBe(9);
        return s;
      });
      expect(stats.rejected).toEqual({ malformed: 2, unsigned: 2, oversized: 1, 'not-recipient': 1, 'clock-ahead': 1, refused: 1, replay: 1 });
      expect(stats.duplicates).toBe(1);

      // Only the one genuine delivery was stored; each refusal is in the log with its reason.
      const after = await timelineOf(federation, 'ID');
      expect(after.length).toBe(before.length + 1);
      const log = await waitFor(async () => {
        const text = await readFile(join(federation.dir, 'agencies', 'ID', 'logs', 'services.log'), 'utf8');
        expect(text.match(/inbound delivery refused/g)?.length).toBe(9);
        return text;
      });
      for (const reason of ['malformed', 'unsigned', 'oversized', 'not-recipient', 'clock-ahead', 'refused', 'replay']) expect(log).toContain(`"reason":"${reason}"`);

      // And the service goes on serving: healthy, and a real operation still arrives.
      expect(await probeHealth(federation.prepared.endpoints.agencies.ID!.grpc.planning, federation.ca('ID'), 'concord.v1.PlanningService')).toBe('SERVING');
      const operation = await createOperation(federation, 'AU', ['ID']);
      await waitFor(async () => expect(await timelineOf(federation, 'ID', operation.id)).toHaveLength(1));
    });
  });
});
