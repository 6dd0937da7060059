/** JSON answers of the console's own routes, and the one shape of a refusal the web app reads. */
import type { ServerResponse } from 'node:http';
import { Code, ConcordError } from '@concord/errors';

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/** 401 when the session is missing or ended (the page then signs in again), else 503. */
export function refuseSession(res: ServerResponse, error: unknown): void {
  const failure = ConcordError.from(error);
  const unauthenticated = failure.code === Code.Unauthenticated;
  json(res, unauthenticated ? 401 : 503, { code: unauthenticated ? 'unauthenticated' : 'unavailable', message: failure.message });
}
