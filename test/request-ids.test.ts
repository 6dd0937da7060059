import { status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestKeyOf } from '@concord/access';
import { CreateOperationRequest, type PlanningServiceClient } from '@concord/contracts/planning';
import { callUnary } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { nextMonth, timelineOf } from './planning-helpers.js';
import { callWithId } from './request-id-helpers.js';

const createPath = '/concord.v1.PlanningService/CreateOperation';

describe('client request ids make mutating calls safe to retry', () => {
  let federation: TestFederation;
  let client: PlanningServiceClient;
  const create = (requestId: string, name: string) => callWithId(client, 'createOperation', CreateOperationRequest.fromPartial({ name, participants: ['ID'], period: nextMonth() }), requestId);
  const operationsNamed = async (name: string) => (await callUnary(client, 'listOperations', {})).operations.filter((o) => o.name === name);

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'] });
    client = federation.planningClient('AU');
  });
  afterAll(async () => {
    client?.close();
    await federation?.stop();
  });

  /** Rewrites AU planning's record of a request, as a process that died while serving it leaves it. */
  async function leaveRunningByDeadProcess(requestId: string): Promise<void> {
    const nc = await federation.connectAgency('AU');
    try {
      const kv = await nc.jetstream().views.kv('PLANNING_REQUESTS');
      const access = federation.accessClient('AU');
      const caller = await callUnary(access, 'whoAmI', {}).finally(() => access.close());
      await kv.put(requestKeyOf(createPath, { agency: 'AU', subject: caller.subject }, requestId), JSON.stringify({ state: 'running', instance: 'a process that is gone' }));
    } finally {
      await nc.close();
    }
  }

  it('a retry with the same id answers as the first call did and records nothing new', async () => {
    const first = await create('retry-1', 'Retried');
    const again = await create('retry-1', 'Retried');
    expect(again.operation!.id).toBe(first.operation!.id);
    expect(await operationsNamed('Retried')).toHaveLength(1);
    await waitFor(async () => expect((await timelineOf(federation, 'ID', first.operation!.id)).length).toBe(1));
    // Another id is another request.
    const other = await create('retry-2', 'Retried');
    expect(other.operation!.id).not.toBe(first.operation!.id);
  });

  it('a retry after the process died having stored the request, before answering, records nothing new and says so', async () => {
    const first = await create('crashed-after-commit', 'Committed');
    await leaveRunningByDeadProcess('crashed-after-commit');
    const failure = (await create('crashed-after-commit', 'Committed').catch((error: unknown) => error)) as ServiceError;
    expect(failure.code).toBe(status.ALREADY_EXISTS);
    expect(failure.details).toMatch(/carried out before, and its answer was lost/);
    expect((await operationsNamed('Committed')).map((o) => o.id)).toEqual([first.operation!.id]);
  });

  it('a retry of a request whose answer could not be recorded (the store refused it) says it was carried out, instead of waiting for it for ever', async () => {
    const nc = await federation.connectAgency('AU');
    const jsm = await nc.jetstreamManager();
    const { config } = await jsm.streams.info('KV_PLANNING_REQUESTS');
    // The claim (a few dozen bytes) is stored; the answer (the whole operation) is refused.
    await jsm.streams.update(config.name, { ...config, max_msg_size: 200 });
    try {
      const first = await create('answer-unrecorded', 'Unrecorded answer');
      const failure = (await create('answer-unrecorded', 'Unrecorded answer').catch((error: unknown) => error)) as ServiceError;
      expect(failure.code).toBe(status.ALREADY_EXISTS);
      expect((await operationsNamed('Unrecorded answer')).map((o) => o.id)).toEqual([first.operation!.id]);
    } finally {
      await jsm.streams.update(config.name, config);
      await nc.close();
    }
  });

  it("a retry whose first attempt's write was stored although it seemed to fail (its record cleared) says it was carried out, not NOT_FOUND", async () => {
    const first = await create('stored-but-timed-out', 'Stored unseen');
    // What a timed-out write leaves: the event in the store, the request's record gone, as if nothing was done.
    const nc = await federation.connectAgency('AU');
    try {
      const kv = await nc.jetstream().views.kv('PLANNING_REQUESTS');
      const access = federation.accessClient('AU');
      const caller = await callUnary(access, 'whoAmI', {}).finally(() => access.close());
      await kv.delete(requestKeyOf(createPath, { agency: 'AU', subject: caller.subject }, 'stored-but-timed-out'));
    } finally {
      await nc.close();
    }
    const failure = (await create('stored-but-timed-out', 'Stored unseen').catch((error: unknown) => error)) as ServiceError;
    expect(failure.code).toBe(status.ALREADY_EXISTS);
    expect(failure.details).toMatch(/carried out before, and its answer was lost/);
    expect((await operationsNamed('Stored unseen')).map((o) => o.id)).toEqual([first.operation!.id]);
  });

  it('a retry after the process died before storing anything carries the request out, once', async () => {
    await leaveRunningByDeadProcess('crashed-before-commit');
    const { operation } = await create('crashed-before-commit', 'Never stored');
    expect((await operationsNamed('Never stored')).map((o) => o.id)).toEqual([operation!.id]);
    expect((await create('crashed-before-commit', 'Never stored')).operation!.id).toBe(operation!.id);
  });

  it('a malformed request id is refused with INVALID_ARGUMENT naming the header', async () => {
    const failure = (await create('not allowed: spaces', 'Bad id').catch((error: unknown) => error)) as ServiceError;
    expect(failure.code).toBe(status.INVALID_ARGUMENT);
    expect(failure.metadata.get('concord-field')).toEqual(['concord-request-id']);
    expect(await operationsNamed('Bad id')).toHaveLength(0);
  });
});
