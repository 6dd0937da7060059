/** `<data-dir>/endpoints.json`: every address of a running local federation, for the CLI and scripts. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Code, ConcordError, violationsOf } from '@concord/errors';

const grpcSchema = z.object({ planning: z.string(), tasking: z.string(), intel: z.string(), debrief: z.string(), identity: z.string() });

export const endpointsSchema = z.object({
  version: z.literal(1),
  federation: z.string(),
  dataDir: z.string(),
  manifest: z.string(),
  hub: z.object({ nats: z.string(), leaf: z.string(), monitor: z.string() }),
  agencies: z.record(
    z.string(),
    z.object({
      name: z.string(),
      role: z.string(),
      timeZone: z.string(),
      nats: z.string(),
      monitor: z.string(),
      grpc: grpcSchema,
      /** The agency's OpenID Connect issuer, and the audience its services accept. */
      issuer: z.string(),
      audience: z.string(),
      /** The agency's CA certificate (PEM file): what its gRPC and NATS clients trust. */
      ca: z.string(),
      /** The agency process's Prometheus endpoint (HTTPS, `/metrics` and `/links`) and the file holding its bearer token. */
      metrics: z.string().optional(),
      metricsToken: z.string().optional(),
      /** The agency's web console (absent in files written before the console existed). */
      console: z.string().optional(),
    }),
  ),
});

export type Endpoints = z.infer<typeof endpointsSchema>;

export async function readEndpoints(path: string): Promise<Endpoints> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const failure = ConcordError.from(error);
    if (failure.code === Code.NotFound) {
      throw new ConcordError(Code.NotFound, `no federation endpoints at ${path}; start one with npm start, or point --endpoints (or --data-dir) at its file`);
    }
    throw failure;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConcordError(Code.InvalidArgument, `${path} is not JSON`);
  }
  const parsed = endpointsSchema.safeParse(json);
  if (!parsed.success) throw ConcordError.invalid(violationsOf(parsed.error), `${path} is not an endpoints file`);
  return parsed.data;
}
