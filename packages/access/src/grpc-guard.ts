/**
 * The guard in front of every RPC: names the caller from the bearer token, refuses disabled people,
 * checks the caller's roles against the one access table, records acts and private reads in the
 * agency's audit log with the person, and runs the handler as that caller. An act that carries a
 * client request id is carried out once (request-ledger.ts). Health checks and
 * reflection are not guarded; they carry no agency data.
 */
import { Metadata, status, type Deadline, type MethodDefinition, type ServerUnaryCall, type ServerWritableStream, type ServiceDefinition, type UntypedServiceImplementation, type sendUnaryData } from '@grpc/grpc-js';
import { Code, ConcordError } from '@concord/errors';
import { runAsCaller, type Caller } from './caller.js';
import type { DisabledPeople } from './disabled-people.js';
import { requestIdOf, requestKeyOf, type RequestLedger, type RequestStart } from './request-ledger.js';
import { ruleFor, type RpcRule } from './rpc-access.js';
import type { TokenVerifier } from './token-verifier.js';

export interface CallRecord {
  readonly method: string;
  readonly caller: Caller;
  readonly rule: RpcRule;
  readonly request: unknown;
  /** The answer, when the call succeeded: what it created is named there. */
  readonly response?: unknown;
  /** The status code the call ended with. */
  readonly code: number;
}

export interface AccessControl {
  readonly verifier: TokenVerifier;
  readonly disabled: Pick<DisabledPeople, 'has'>;
  /** Records an audited call; a call's answer waits for it. */
  record(call: CallRecord): Promise<void>;
  /** A refused call, for the service's log and counters; `peer` is the caller's address. */
  refused?(method: string, error: ConcordError, peer: string): void;
  /** Every call once answered (a server stream once opened or refused): its status code and how long it took. */
  answered?(method: string, code: status, seconds: number): void;
  /** Where acts with a client request id are claimed and answered; without it the id is ignored. */
  readonly requests?: RequestLedger;
}

const secondsSince = (started: number) => (performance.now() - started) / 1000;

function bearerOf(metadata: Metadata): string | undefined {
  const header = metadata.get('authorization')[0];
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/.exec(header);
  return match?.[1];
}

/**
 * The caller of a call, or the refusal: UNAUTHENTICATED (who?) or PERMISSION_DENIED (not allowed).
 * `rule` is the method's entry in the access table, looked up once when the service is guarded.
 */
export async function authorize(access: AccessControl, path: string, rule: RpcRule | undefined, metadata: Metadata): Promise<{ caller: Caller; rule: RpcRule }> {
  const token = bearerOf(metadata);
  if (!token) throw new ConcordError(Code.Unauthenticated, 'no bearer token: sign in first (concord login --agency <id>) and send it as "authorization: Bearer <token>"');
  const caller = await access.verifier.verify(token);
  if (access.disabled.has(caller.subject)) throw new ConcordError(Code.Unauthenticated, `${caller.name} is disabled in ${caller.agency}`);
  if (!rule) throw new ConcordError(Code.PermissionDenied, `${path} is not in the access table: nobody may call it`);
  if (rule.roles.length > 0 && !rule.roles.some((role) => caller.roles.has(role))) {
    const needed = rule.roles.length === 1 ? `the role ${rule.roles[0]}` : `one of the roles ${rule.roles.join(', ')}`;
    throw new ConcordError(Code.PermissionDenied, `${path.slice(path.lastIndexOf('/') + 1)} needs ${needed}${rule.roles.includes('planner') || rule.roles.includes('analyst') ? ' (or supervisor)' : ''}; ${caller.name} holds ${[...caller.roles].join(', ') || 'no role'}`);
  }
  return { caller, rule };
}

function serviceError(error: ConcordError) {
  const metadata = new Metadata();
  for (const violation of error.violations) metadata.add('concord-field', violation.path);
  return { code: error.code as number as status, details: error.message, metadata };
}

/** For an act with a client request id: whether to carry it out or answer as before. */
async function startRequest(access: AccessControl, path: string, rule: RpcRule, caller: Caller, metadata: Metadata, deadline: Deadline): Promise<RequestStart | undefined> {
  if (rule.audit !== 'act' || !access.requests) return undefined;
  const requestId = requestIdOf(metadata);
  return requestId === undefined ? undefined : access.requests.start(requestKeyOf(path, caller, requestId), deadline instanceof Date ? deadline.getTime() : deadline);
}

/** Leaves the answer for retries with the same id; a failure to do so must not take the answer from the caller. */
async function settleRequest(ledger: RequestLedger, key: string, method: MethodDefinition<unknown, unknown>, error: { code?: number; details?: string } | null, value: unknown): Promise<void> {
  await (error ? ledger.failed(key, error.code ?? status.UNKNOWN, error.details ?? 'failed') : ledger.answered(key, method.responseSerialize(value))).catch(() => undefined).finally(() => ledger.ended(key));
}

function guardUnary(access: AccessControl, method: MethodDefinition<unknown, unknown>, handler: (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => void) {
  const path = method.path;
  const tabled = ruleFor(path);
  return (call: ServerUnaryCall<unknown, unknown>, reply: sendUnaryData<unknown>) => {
    const started = performance.now();
    const callback: sendUnaryData<unknown> = (error, value, trailer, flags) => {
      access.answered?.(path, error ? (error.code ?? status.UNKNOWN) : status.OK, secondsSince(started));
      reply(error, value, trailer, flags);
    };
    const serve = (caller: Caller, rule: RpcRule, start: RequestStart | undefined) => {
      // A retry of a request already answered: the first answer, and nothing recorded again.
      if (start?.kind === 'replay') return callback(null, method.responseDeserialize(Buffer.from(start.answer)));
      const requests = start ? access.requests : undefined;
      const answer: sendUnaryData<unknown> = (error, value, trailer, flags) => {
        if (rule.audit === 'read') return callback(error, value, trailer, flags);
        const code = error ? (error.code ?? status.UNKNOWN) : status.OK;
        (requests && start ? settleRequest(requests, start.key, method, error, value) : Promise.resolve())
          .then(() => access.record({ method: path, caller, rule, request: call.request, response: error ? undefined : value, code }))
          .then(
            () => callback(error, value, trailer, flags),
            (failure: unknown) => callback(serviceError(new ConcordError(Code.Internal, `the audit log could not record the call: ${ConcordError.from(failure).message}`)), null),
          );
      };
      runAsCaller(caller, () => (requests && start ? requests.run(start.key, () => handler(call, answer)) : handler(call, answer)));
    };
    authorize(access, path, tabled, call.metadata)
      .then(async ({ caller, rule }) => serve(caller, rule, await startRequest(access, path, rule, caller, call.metadata, call.getDeadline())))
      .catch((reason: unknown) => {
        const error = ConcordError.from(reason);
        access.refused?.(path, error, call.getPeer());
        callback(serviceError(error), null);
      });
  };
}

function guardStream(access: AccessControl, path: string, handler: (call: ServerWritableStream<unknown, unknown>) => void) {
  const tabled = ruleFor(path);
  return (call: ServerWritableStream<unknown, unknown>) => {
    const started = performance.now();
    const refuse = (error: ConcordError) => {
      access.answered?.(path, error.code, secondsSince(started));
      // A stream refused with destroy() leaves grpc-js clients hanging: emit the status instead.
      call.emit('error', serviceError(error));
    };
    authorize(access, path, tabled, call.metadata).then(
      async ({ caller, rule }) => {
        if (rule.audit !== 'read') {
          // An audit log that cannot record ends the stream with INTERNAL, as a unary act does, never an unhandled rejection.
          const failure = await access.record({ method: path, caller, rule, request: call.request, code: status.OK }).then(
            () => undefined,
            (reason: unknown) => new ConcordError(Code.Internal, `the audit log could not record the call: ${ConcordError.from(reason).message}`),
          );
          if (failure) return refuse(failure);
        }
        access.answered?.(path, status.OK, secondsSince(started));
        runAsCaller(caller, () => handler(call));
      },
      (reason: unknown) => {
        const error = ConcordError.from(reason);
        access.refused?.(path, error, call.getPeer());
        refuse(error);
      },
    );
  };
}

/** The implementation with every method behind the guard. */
export function guardService(definition: ServiceDefinition, implementation: UntypedServiceImplementation, access: AccessControl): UntypedServiceImplementation {
  const guarded: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = implementation[name];
    if (!handler) continue;
    if (method.requestStream) throw new Error(`${method.path}: client streams are not guarded yet`);
    guarded[name] = method.responseStream
      ? guardStream(access, method.path, handler as (call: ServerWritableStream<unknown, unknown>) => void)
      : guardUnary(access, method as MethodDefinition<unknown, unknown>, handler as (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => void);
  }
  return guarded;
}
