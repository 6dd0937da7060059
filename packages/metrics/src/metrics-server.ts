/**
 * The HTTPS endpoint an operator scrapes: `/metrics` (Prometheus text) and `/links` (per-peer link
 * health, JSON, for `concord status`). Like every other port it speaks TLS and answers only a caller
 * it can name: one holding the agency's scrape token (`Authorization: Bearer <token>`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { Code, ConcordError } from '@concord/errors';
import type { AgencyMetrics } from './agency-metrics.js';

export interface MetricsEndpointOptions {
  /** host:port; port 0 picks a free one. */
  readonly listen: string;
  readonly tls: { readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly token: string;
}

export interface RunningMetricsEndpoint {
  /** https://host:port */
  readonly url: string;
  stop(): Promise<void>;
}

function holdsToken(request: IncomingMessage, token: Buffer): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
  return presented.length === token.length && timingSafeEqual(presented, token);
}

async function answer(metrics: AgencyMetrics, token: Buffer, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!holdsToken(request, token)) {
    response.writeHead(401, { 'www-authenticate': 'Bearer' }).end('the agency\'s scrape token is needed (agencies/<ID>/secrets/metrics.token)\n');
    return;
  }
  const path = new URL(request.url ?? '/', 'https://metrics').pathname;
  if (request.method !== 'GET' || (path !== '/metrics' && path !== '/links')) {
    response.writeHead(404).end('only GET /metrics and GET /links\n');
    return;
  }
  if (path === '/links') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await metrics.linkHealth()));
  else response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
}

export async function serveMetrics(metrics: AgencyMetrics, options: MetricsEndpointOptions): Promise<RunningMetricsEndpoint> {
  const token = Buffer.from(options.token);
  const server = createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.3' }, (request, response) => {
    answer(metrics, token, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(`metrics could not be collected: ${ConcordError.from(error).message}\n`);
    });
  });
  const separator = options.listen.lastIndexOf(':');
  const host = options.listen.slice(0, separator).replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ConcordError(Code.Unavailable, `cannot serve metrics on ${options.listen}: ${error.message}`, { cause: error })));
    server.listen(Number(options.listen.slice(separator + 1)), host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
