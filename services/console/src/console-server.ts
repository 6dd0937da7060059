/**
 * One agency's console over HTTPS with the agency's own server certificate: the web app at `/`, the
 * sign-in routes under `/auth/`, and Connect under `/rpc/<package.Service>/<Method>`, forwarded to
 * the agency's gRPC services as the signed-in person.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { Code as ConnectCode, ConnectError } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { Code, ConcordError } from '@concord/errors';
import { loadManifest, requireTrusted } from '@concord/manifest';
import { createLogger, grpcCredentials, type Logger } from '@concord/service-kit';
import { authRoutes } from './auth-routes.js';
import type { ConsoleConfig } from './console-config.js';
import { cookieOf, sessionCookie } from './cookies.js';
import { createGateway } from './grpc-gateway.js';
import { linksPath, linksRoute } from './links-route.js';
import { createRelyingParty } from './relying-party.js';
import { errorPage } from './server-language.js';
import { sessionTokens } from './session-tokens.js';
import { SessionStore } from './sessions.js';
import { appSecurityHeaders, webApp } from './web-app.js';

export interface RunningConsole {
  /** The URL people open. */
  readonly url: string;
  readonly sessions: SessionStore;
  stop(): Promise<void>;
}

export interface ConsoleOptions {
  readonly log?: Logger;
  /** Sessions to serve from the start (tests hand a restarted console the ones it had, as a network outage leaves them). */
  readonly sessions?: SessionStore;
}

const maxRequestBytes = 1024 * 1024;

function splitHostPort(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  return { host: listen.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(listen.slice(at + 1)) };
}

export async function startConsole(config: ConsoleConfig, options: ConsoleOptions = {}): Promise<RunningConsole> {
  const log = options.log ?? createLogger({ agency: config.agency, service: 'console' }, config.logLevel);
  const [ca, cert, key, trust] = await Promise.all([readFile(config.tlsCa, 'utf8'), readFile(config.tlsCert, 'utf8'), readFile(config.tlsKey, 'utf8'), loadManifest(config.manifest)]);
  const agencies = requireTrusted(trust).agencies.map((a) => ({ id: a.id, name: a.name, role: a.role, timeZone: a.timeZone }));
  const sessions = options.sessions ?? new SessionStore();
  const relyingParty = createRelyingParty({ issuer: config.issuer, audience: config.audience, url: config.url, ca });
  const tokens = sessionTokens(sessions, relyingParty, log);
  const gateway = createGateway({
    addresses: config.grpc,
    credentials: grpcCredentials(ca),
    tokenOf: async (context) => {
      try {
        return (await tokens(cookieOf(context.requestHeader.get('cookie'), sessionCookie))).token;
      } catch (error) {
        const failure = ConcordError.from(error);
        throw new ConnectError(failure.message, failure.code === Code.Unauthenticated ? ConnectCode.Unauthenticated : ConnectCode.Unavailable);
      }
    },
  });
  const rpc = connectNodeAdapter({ routes: gateway.routes, requestPathPrefix: '/rpc', connect: true, grpcWeb: true, grpc: false, readMaxBytes: maxRequestBytes });
  const auth = authRoutes({ agency: config.agency, agencies, url: config.url, sessions, relyingParty, tokens, gateway, log });
  const links = linksRoute({ metrics: config.metrics, ca, tokens, log });
  const app = webApp(config.webDir);
  const securityHeaders = Object.entries(appSecurityHeaders(config.issuer));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'https://console.invalid');
    if (url.pathname.startsWith('/rpc/')) return rpc(req, res);
    if (await auth(req, res, url)) return;
    if (req.method === 'GET' && url.pathname === linksPath) return links(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return errorPage(req, res, 405, 'methodNotAllowed');
    }
    app(req, res);
  };
  const server: Server = createServer({ cert, key, minVersion: 'TLSv1.3' }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const failure = error instanceof ConnectError ? new ConcordError(error.code === ConnectCode.Unauthenticated ? Code.Unauthenticated : Code.Unavailable, error.rawMessage) : ConcordError.from(error);
      log.warn({ path: (req.url ?? '').slice(0, 200), reason: failure.message }, 'console request failed');
      if (res.headersSent) return void res.destroy();
      res.writeHead(failure.code === Code.Unauthenticated ? 401 : 502, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ code: failure.code === Code.Unauthenticated ? 'unauthenticated' : 'unavailable', message: failure.message }));
    });
  });
  const { host, port } = splitHostPort(config.listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ConcordError(Code.Unavailable, `the ${config.agency} console cannot listen on ${config.listen}: ${error.message}`, { cause: error })));
    server.listen(port, host, resolve);
  });
  log.info({ url: config.url }, 'console serving');
  return {
    url: config.url,
    sessions,
    stop: () =>
      new Promise<void>((resolve) => {
        gateway.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
