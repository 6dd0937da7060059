import { readFile } from 'node:fs/promises';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpcAccess } from '@concord/access';
import { CreateOperationRequest, PlanningServiceClient } from '@concord/contracts/planning';
import { IntelServiceClient, PublishAlertRequest, TlpLabel, AlertKind } from '@concord/contracts/intel';
import { callUnary, serviceNames } from '@concord/service-kit';
import { TestFederation } from '@concord/testkit';
import { person, rawCall, reflectedRpcs, targetOf, type Rpc, type Target } from './access-helpers.js';
import { nextMonth } from './planning-helpers.js';

describe('who is calling: every RPC needs a token from the agency\'s own provider, and the role the table names', () => {
  let federation: TestFederation;
  const rpcs = new Map<string, { target: Target; rpc: Rpc }>();

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'] });
    for (const service of serviceNames) {
      const target = targetOf(federation, 'AU', service);
      for (const rpc of await reflectedRpcs(target.address, target.credentials)) rpcs.set(rpc.path, { target, rpc });
    }
  });
  afterAll(() => federation?.stop());

  it('the access table covers exactly the RPCs the servers offer', () => {
    const tabled = Object.entries(rpcAccess).flatMap(([service, methods]) => Object.keys(methods).map((method) => `/${service}/${method}`));
    expect([...rpcs.keys()].sort()).toEqual(tabled.sort());
    expect(rpcs.size).toBeGreaterThan(50);
  });

  it('every RPC answers UNAUTHENTICATED, in words, to a call without a token or with garbage', async () => {
    for (const { target, rpc } of rpcs.values()) {
      const none = await rawCall(target, rpc);
      expect(none, rpc.path).toEqual({ code: status.UNAUTHENTICATED, details: expect.stringContaining('no bearer token') });
      const garbage = await rawCall(target, rpc, 'not.a.jwt');
      expect(garbage, rpc.path).toEqual({ code: status.UNAUTHENTICATED, details: expect.stringContaining('malformed') });
    }
  });

  it('a tampered token and another agency\'s token are refused with the reason', async () => {
    const auToken = await federation.adminTokens('AU')();
    const idToken = await federation.adminTokens('ID')();
    const target = rpcs.get('/concord.v1.PlanningService/ListOperations')!;
    const [header, payload, signature] = auToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, roles: ['admin', 'supervisor'], sub: 'someone-else' })).toString('base64url'), signature].join('.');
    expect(await rawCall(target.target, target.rpc, forged)).toEqual({ code: status.UNAUTHENTICATED, details: expect.stringContaining('signature does not verify') });
    expect(await rawCall(target.target, target.rpc, idToken)).toEqual({ code: status.UNAUTHENTICATED, details: expect.stringContaining("not issued by AU's sign-in") });
    expect(await rawCall(target.target, target.rpc, auToken)).toEqual({ code: status.OK, details: '' });
    // ID's own token, presented to ID's services, is fine: the refusal above is about the issuer.
    const idTarget = targetOf(federation, 'ID', 'planning');
    expect(await rawCall(idTarget, target.rpc, idToken)).toEqual({ code: status.OK, details: '' });
  });

  it('PERMISSION_DENIED names the role needed: a viewer publishing an alert, an analyst creating an operation, a planner managing people', async () => {
    const viewer = await person(federation, 'AU', 'vera', ['viewer']);
    const analyst = await person(federation, 'AU', 'ana', ['analyst']);
    const planner = await person(federation, 'AU', 'piet', ['planner']);
    const alert = PublishAlertRequest.fromPartial({ releaseTo: ['ID'], label: TlpLabel.TLP_LABEL_AMBER, content: { kind: AlertKind.ALERT_KIND_OTHER, title: 'x' } });
    const intelAsViewer = federation.client('AU', 'intel', IntelServiceClient, viewer);
    await expect(callUnary(intelAsViewer, 'publishAlert', alert)).rejects.toMatchObject({ code: status.PERMISSION_DENIED, message: expect.stringContaining('PublishAlert needs the role analyst (or supervisor)') });
    const planningAsAnalyst = federation.client('AU', 'planning', PlanningServiceClient, analyst);
    await expect(callUnary(planningAsAnalyst, 'createOperation', CreateOperationRequest.fromPartial({ name: 'x', participants: ['ID'], period: nextMonth() }))).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      message: expect.stringContaining('CreateOperation needs the role planner (or supervisor); ana of AU holds analyst'),
    });
    // What each may do, they can: the viewer reads the timeline, the planner creates.
    const planningAsViewer = federation.client('AU', 'planning', PlanningServiceClient, viewer);
    await expect(callUnary(planningAsViewer, 'listOperations', {})).resolves.toBeDefined();
    const planningAsPlanner = federation.client('AU', 'planning', PlanningServiceClient, planner);
    await expect(callUnary(planningAsPlanner, 'createOperation', CreateOperationRequest.fromPartial({ name: 'Coral Tide', participants: ['ID'], period: nextMonth() }))).resolves.toBeDefined();
    expect(await rawCall(targetOf(federation, 'AU', 'identity'), rpcs.get('/concord.v1.AccessService/ListUsers')!.rpc, await planner())).toEqual({ code: status.PERMISSION_DENIED, details: expect.stringContaining('ListUsers needs the role admin') });
    for (const client of [intelAsViewer, planningAsAnalyst, planningAsViewer, planningAsPlanner]) client.close();
  });

  it('the audit log names the person for each act, and still verifies', async () => {
    const text = await readFile(`${federation.prepared.paths.agency('AU').dir}/audit/planning.log`, 'utf8');
    const entries = text.trim().split('\n').map((line) => JSON.parse(line.slice(line.indexOf(' ') + 1)) as { action: string; subject: string; user?: { name: string } });
    expect(entries).toContainEqual(expect.objectContaining({ action: 'called', subject: 'rpc:PlanningService/CreateOperation', user: expect.objectContaining({ name: 'piet of AU' }) }));
    const { verifyAuditFile } = await import('@concord/audit');
    expect((await verifyAuditFile(`${federation.prepared.paths.agency('AU').dir}/audit/planning.log`)).ok).toBe(true);
  });
});
