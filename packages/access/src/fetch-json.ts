/**
 * GET or POST JSON over HTTPS (or HTTP on loopback) with a bounded time and size, trusting the
 * system's roots plus an optional private CA (an agency's own). Node's fetch cannot take a CA, so
 * this uses node:https.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { Code, ConcordError } from '@concord/errors';

export interface FetchJsonOptions {
  /** A PEM CA certificate to trust besides the system's roots. */
  readonly ca?: string;
  readonly timeoutMs?: number;
  /** A form body: sent as application/x-www-form-urlencoded with POST. */
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as `authorization: Bearer <token>`. */
  readonly bearer?: string;
  /**
   * Trust `ca` alone, not the system's roots besides: for an agency's own endpoints, whose certificates
   * only its CA issues. A TLS context without the 140-odd roots is also far cheaper to build.
   */
  readonly caOnly?: boolean;
}

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

const maxBytes = 1024 * 1024;

export function fetchJson(url: string, options: FetchJsonOptions = {}): Promise<JsonResponse> {
  const target = new URL(url);
  const body = options.form ? new URLSearchParams(options.form as Record<string, string>).toString() : undefined;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: body === undefined ? 'GET' : 'POST',
        headers: { accept: 'application/json', ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }) },
        ...(target.protocol === 'https:' && options.ca ? { ca: options.caOnly ? [options.ca] : [...rootCertificates, options.ca] } : {}),
        timeout: options.timeoutMs ?? 5_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) req.destroy(new Error(`answer larger than ${maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
          } catch {
            reject(new ConcordError(Code.Unavailable, `${target.origin} answered ${res.statusCode} with something other than JSON`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 5_000} ms`)));
    req.on('error', (error) => reject(new ConcordError(Code.Unavailable, `cannot reach ${target.origin}: ${error.message}`, { cause: error })));
    req.end(body);
  });
}
