/** Small tasking calls shared by the integration tests. */
import type { TaskTransition} from '@concord/contracts/tasking';
import { AssistanceKind, CreateTaskRequest, RequestAssistanceRequest, type AssistanceRequest, type Task, type TaskingServiceClient, ChangeTaskRequest } from '@concord/contracts/tasking';
import type { RequestOf, UnaryNames } from '@concord/service-kit';
import { waitFor, type TestFederation } from '@concord/testkit';
import { callOnce } from './planning-helpers.js';

/** Calls one tasking RPC as `agency`. */
export const tasking = <K extends UnaryNames<TaskingServiceClient>>(federation: TestFederation, agency: string, method: K, request: RequestOf<TaskingServiceClient[K]>) =>
  callOnce(federation.taskingClient(agency), method, request);

export async function requestAssistance(federation: TestFederation, from: string, to: string, extra: Partial<RequestAssistanceRequest> = {}): Promise<AssistanceRequest> {
  const request = RequestAssistanceRequest.fromPartial({
    toAgency: to,
    kind: AssistanceKind.ASSISTANCE_KIND_INSPECT_VESSEL,
    subject: 'KM Bintang Laut, IMO 9074729',
    details: 'Inspect on arrival at Kupang; look for a hidden compartment aft.',
    dueAt: new Date(Date.now() + 7 * 24 * 3_600_000),
    ...extra,
  });
  return (await tasking(federation, from, 'requestAssistance', request)).request!;
}

/** Waits until `agency` holds the request and it passes `check`. */
export function requestAt(federation: TestFederation, agency: string, requestId: string, check: (request: AssistanceRequest) => void = () => {}): Promise<AssistanceRequest> {
  return waitFor(async () => {
    const { request } = await tasking(federation, agency, 'getRequest', { requestId });
    check(request!);
    return request!;
  });
}

export async function createTask(federation: TestFederation, agency: string, extra: Partial<CreateTaskRequest>): Promise<Task> {
  return (await tasking(federation, agency, 'createTask', CreateTaskRequest.fromPartial({ title: 'Board and search', team: 'Water police Kupang', ...extra }))).task!;
}

export async function move(federation: TestFederation, agency: string, taskId: string, transition: TaskTransition, extra: Partial<ChangeTaskRequest> = {}): Promise<Task> {
  return (await tasking(federation, agency, 'changeTask', ChangeTaskRequest.fromPartial({ taskId, transition, ...extra }))).task!;
}
