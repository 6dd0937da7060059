/**
 * Benchmark: what TLS 1.3 and the bearer-token guard cost a gRPC call, against the plaintext path in
 * the same run. The plaintext path is a bare grpc-js server made here, without credentials or guard,
 * serving the very same service definitions and implementations that ID's running services serve
 * over TLS behind the guard, in this same process; nothing insecure is added to production code.
 *  - a unary read (ListOperations: checked against the role table, not audited), also over TLS alone
 *    (a bare server with the services' TLS credentials, unguarded, made here);
 *  - a health check (never guarded): the share of TLS alone;
 *  - PublishAlert (an act: the guard records it in the audit log, fdatasync, before answering), until
 *    the service answered; and, to tell the audit log's share from the token's, the same guard over
 *    TLS with a record that writes nothing (a server made here, as the plaintext one);
 *  - a bare audit append with fdatasync, in turn with those calls, and the token verifier alone,
 *    against the running issuer.
 * Calls to the paths compared alternate round by round. ID's services run in this process (the
 * plaintext server needs their implementations); AU and TH, the alert's recipients, in their own.
 *
 *   npx tsx bench/access-cost.ts      (BENCH_ROUNDS=500 by default)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { credentials, makeClientConstructor, Server, ServerCredentials, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { HealthImplementation, service as healthService } from 'grpc-health-check';
import { bearerInterceptor, createTokenVerifier } from '@concord/access';
import { AuditLog } from '@concord/audit';
import { IntelServiceClient, PublishAlertRequest, TlpLabel } from '@concord/contracts/intel';
import { CreateOperationRequest, PlanningServiceClient } from '@concord/contracts/planning';
import { callUnary, serverCredentials, startGrpcServer, type GrpcServiceBinding } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';
import { vesselAlert } from '../test/intel-helpers.js';
import { printResults, runBench, withBenchFederation } from './bench-federation.js';
import { ms, progress, row, summarise, timeInterleaved, type Summary } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 500);
const warmUp = 50;
const agency = 'ID';
const recipients = ['AU', 'TH'];
const goal = 1.2;

const HealthClient = makeClientConstructor(healthService, 'grpc.health.v1.Health');

/** One health client, the same code over either credentials. */
function healthCheck(address: string, channel: ChannelCredentials): { check: () => Promise<void>; close: () => void } {
  const client = new HealthClient(address, channel);
  const check = client['check'] as (request: { service: string }, callback: (error: ServiceError | null) => void) => void;
  return {
    check: () => new Promise((resolve, reject) => check.call(client, { service: '' }, (error) => (error ? reject(error) : resolve()))),
    close: () => client.close(),
  };
}

/** A bare server without the guard, serving the bindings' own implementations: plaintext, or TLS only. */
async function bareServer(bindings: readonly GrpcServiceBinding[], serverCredentials: ServerCredentials): Promise<{ address: string; stop: () => void }> {
  const server = new Server();
  new HealthImplementation({ '': 'SERVING' }).addToServer(server);
  for (const binding of bindings) server.addService(binding.definition, binding.implementation);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', serverCredentials, (error, bound) => (error ? reject(error) : resolve(bound))));
  return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

/** Warms the paths up, then times them alternately: one summary a path, in order. */
async function compare<T extends (() => unknown)[]>(warm: number, ...runs: T): Promise<{ [K in keyof T]: Summary }> {
  await timeInterleaved(warm, runs);
  return (await timeInterleaved(rounds, runs)).map(summarise) as { [K in keyof T]: Summary };
}

const ratio = (s: Summary, baseline: Summary) => s.p50 / baseline.p50;
const verdict = (s: Summary, baseline: Summary) => `${ratio(s, baseline).toFixed(2)}x, goal ${ratio(s, baseline) <= goal ? 'met' : 'not met'}`;

async function measure(federation: TestFederation): Promise<void> {
  const intel = federation.intel(agency).grpc;
  const planning = federation.planning(agency).grpc;
  const plaintext = await bareServer([planning, intel], ServerCredentials.createInsecure());
  const insecure = credentials.createInsecure();
  const tokens = federation.adminTokens(agency);
  const config = federation.prepared.services[agency]!.intel;
  const verifier = createTokenVerifier({ agency, ...federation.issuerAccess(agency), rolesClaim: config.rolesClaim });
  const tls = { cert: await readFile(config.tlsCert, 'utf8'), key: await readFile(config.tlsKey, 'utf8') };
  // TLS 1.3 as the services serve it, without the guard: the TLS share of a call on its own.
  const tlsOnly = await bareServer([planning], serverCredentials(tls));
  // The production server and guard, but a record that writes nothing: TLS and token without the audit log.
  const unaudited = await startGrpcServer('127.0.0.1:0', [intel], tls, { verifier, disabled: { has: () => false }, record: () => Promise.resolve() });

  progress('ListOperations: plaintext, TLS only, TLS and token');
  const planningPlain = new PlanningServiceClient(plaintext.address, insecure);
  const planningTls = new PlanningServiceClient(tlsOnly.address, federation.credentials(agency));
  const planningReal = federation.planningClient(agency);
  const period = { start: new Date(Date.now() + 86_400_000), end: new Date(Date.now() + 30 * 86_400_000) };
  for (let i = 0; i < 5; i++) await callUnary(planningReal, 'createOperation', CreateOperationRequest.fromPartial({ name: `Bench ${i}`, participants: [agency, ...recipients], period }));
  const list = (client: PlanningServiceClient) => () => callUnary(client, 'listOperations', {});
  const [listPlain, listTls, listReal] = await compare(warmUp, list(planningPlain), list(planningTls), list(planningReal));

  progress('health check: plaintext against TLS');
  const healthPlain = healthCheck(plaintext.address, insecure);
  const healthTls = healthCheck(federation.prepared.endpoints.agencies[agency]!.grpc.planning, federation.credentials(agency));
  const [healthPlainS, healthTlsS] = await compare(warmUp, healthPlain.check, healthTls.check);

  progress(`PublishAlert to ${recipients.join(' and ')}: plaintext, TLS and token, TLS and token without the audit record; a bare audit append in turn`);
  const intelPlain = new IntelServiceClient(plaintext.address, insecure);
  const intelReal = federation.intelClient(agency);
  const intelUnaudited = new IntelServiceClient(unaudited.address, federation.credentials(agency), { interceptors: [bearerInterceptor(tokens)] });
  const content = vesselAlert('x'.repeat(600));
  const publish = (client: IntelServiceClient) => () => callUnary(client, 'publishAlert', PublishAlertRequest.fromPartial({ content, label: TlpLabel.TLP_LABEL_AMBER, releaseTo: recipients }));
  // What one fdatasync'd entry costs on the same disk under the same load: a log of its own, appended
  // between the calls (never twice in a row: its appends are awaited one at a time).
  const log = await AuditLog.open(join(federation.dir, 'bench-audit', 'bench.log'), { agency, service: 'bench' });
  const record = { action: 'called' as const, actor: agency, user: { subject: 'bench', name: 'Bench' }, subject: 'rpc:IntelService/PublishAlert', detail: { code: 'OK', ids: [] } };
  const [publishPlain, publishReal, publishUnaudited, append] = await compare(20, publish(intelPlain), publish(intelReal), publish(intelUnaudited), () => log.append(record));
  await log.close();

  progress('the token verifier alone');
  const token = await tokens();
  const [verify] = await compare(warmUp, () => verifier.verify(token));

  for (const client of [planningPlain, planningTls, planningReal, intelPlain, intelReal, intelUnaudited]) client.close();
  healthPlain.close();
  healthTls.close();
  plaintext.stop();
  tlsOnly.stop();
  await unaudited.stop(1_000);

  await printResults(
    federation,
    [
      row('ListOperations, plaintext, unguarded (baseline)', listPlain),
      row('ListOperations over TLS 1.3, no token, unguarded (bench-only server)', listTls, listPlain),
      row('ListOperations over TLS 1.3 with a bearer token: verified, checked against the role table (not audited)', listReal, listPlain),
      row('health check, plaintext (baseline)', healthPlainS),
      row('health check over TLS 1.3 (no token: the TLS share alone)', healthTlsS, healthPlainS),
      row(`PublishAlert to ${recipients.length} agencies until answered, plaintext, unguarded (baseline)`, publishPlain),
      row('PublishAlert over TLS 1.3 with a bearer token, the call audited (fdatasync) before the answer', publishReal, publishPlain),
      row('PublishAlert over TLS 1.3 with a bearer token, the guard\'s audit record skipped (bench-only server)', publishUnaudited, publishPlain),
      row('token verification alone (jose, ES256, cached JWKS)', verify, listPlain, 'plaintext ListOperations'),
      row('bare audit append: one entry, hash-chained, fdatasync, in turn with the PublishAlert calls', append, publishPlain, 'plaintext PublishAlert'),
    ],
    [
      `Goal, at most ${goal}x the plaintext p50: ListOperations ${verdict(listReal, listPlain)}; PublishAlert ${verdict(publishReal, publishPlain)} (${verdict(publishUnaudited, publishPlain)} without the guard's audit record); health check ${verdict(healthTlsS, healthPlainS)}.`,
      `Shares at p50: TLS ${ms(healthTlsS.p50 - healthPlainS.p50)} on a health check, ${ms(listTls.p50 - listPlain.p50)} on ListOperations; the token and guard ${ms(listReal.p50 - listTls.p50)} more on ListOperations, of which verification alone ${ms(verify.p50)}; TLS and guard together ${ms(listReal.p50 - listPlain.p50)} on ListOperations, ${ms(publishUnaudited.p50 - publishPlain.p50)} on PublishAlert; the guard's audit record ${ms(publishReal.p50 - publishUnaudited.p50)} more on PublishAlert, ${((publishReal.p50 - publishUnaudited.p50) / append.p50).toFixed(1)} times a bare fdatasync'd append under the same load (${ms(append.p50)}).`,
    ],
  );
}

runBench(() => withBenchFederation([agency, ...recipients], measure, [agency]));
