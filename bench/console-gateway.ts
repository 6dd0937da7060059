/**
 * Benchmark: the console's cost. A unary read (ListOperations) through the console's Connect gateway
 * (HTTPS, session lookup, forwarded over gRPC) against the same call made directly over gRPC; a
 * complete sign-in (authorization code + PKCE through the provider's page); and a first load of the
 * built web app (index.html and every script and style it names, on a fresh connection).
 * Agency services run in their own processes, as under `npm start`; the console in this one.
 *
 *   npx tsx bench/console-gateway.ts     (BENCH_ROUNDS=300 by default; build the web app first)
 */
import { callUnary } from '@concord/service-kit';
import { PlanningService } from '@concord/web-contracts';
import { signInThroughConsole, TestBrowser } from '../test/console-helpers.js';
import { printResults, runBench, withBenchFederation } from './bench-federation.js';
import { row, summarise, timeEach, timeInterleaved } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);

runBench(() =>
  withBenchFederation(['AU', 'ID'], async (federation) => {
    const url = await federation.startConsole('AU');
    const admin = await federation.adminCredentials('AU');
    const browsers: TestBrowser[] = [];
    const browser = () => {
      const made = new TestBrowser(federation.ca('AU'));
      browsers.push(made);
      return made;
    };
    try {
      const signIns = await timeEach(Math.min(rounds, 30), () => signInThroughConsole(browser(), url, admin));
      const signedIn = browser();
      await signInThroughConsole(signedIn, url, admin);
      const viaConsole = signedIn.client(url, PlanningService);
      const direct = federation.planningClient('AU');
      await viaConsole.listOperations({});
      await callUnary(direct, 'listOperations', {});
      const anonymous = browser().client(url, PlanningService);
      const refuse = () => anonymous.listOperations({}).catch(() => undefined);
      const [gateway, grpc, refused] = await timeInterleaved(rounds, [() => viaConsole.listOperations({}), () => callUnary(direct, 'listOperations', {}), refuse]);
      const firstLoads = await timeEach(Math.min(rounds, 30), async () => {
        const fresh = browser();
        const index = await fresh.request(`${url}/`);
        const assets = [...index.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
        await Promise.all(assets.map((path) => fresh.request(`${url}${path}`)));
      });
      const gatewaySummary = summarise(gateway!);
      const grpcSummary = summarise(grpc!);
      await printResults(
        federation,
        [
          row('ListOperations through the console (Connect over HTTPS, forwarded over gRPC)', gatewaySummary, grpcSummary, 'direct gRPC'),
          row('ListOperations over gRPC directly', grpcSummary),
          row('the same without a session: refused by the console, nothing forwarded', summarise(refused!)),
          row('sign-in through the console (login page, form post, code + PKCE exchange)', summarise(signIns)),
          row('first load of the web app (index.html and its scripts and styles, new connection)', summarise(firstLoads)),
        ],
        [
          'Loopback, TLS 1.3 on every hop; the browser stand-in is undici over HTTP/1.1.',
          "The refused row is the Connect client's own floor here (connect-node over HTTP/1.1): subtract it from the first row for the console's share.",
        ],
      );
    } finally {
      await Promise.all(browsers.map((b) => b.close()));
    }
  }),
);
