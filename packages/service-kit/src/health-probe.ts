/** Asks a gRPC server, over the standard health checking protocol and TLS, whether a service is serving. */
import { makeClientConstructor, status, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { grpcCredentials } from './grpc-credentials.js';

export type HealthStatus = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'SERVICE_UNKNOWN' | 'UNREACHABLE';

const HealthClient = makeClientConstructor(healthService, 'grpc.health.v1.Health');

type CheckFn = (request: { service: string }, options: { deadline: Date }, callback: (error: ServiceError | null, response?: { status?: string }) => void) => void;

export interface HealthChecker {
  check(service?: string, timeoutMs?: number): Promise<HealthStatus>;
  close(): void;
}

/** A health client on one channel, for repeated checks; `ca` is the PEM of the agency's CA. */
export function healthChecker(address: string, ca: string | Buffer): HealthChecker {
  const client = new HealthClient(address, grpcCredentials(ca));
  const check = (client['check'] as CheckFn).bind(client);
  return {
    check: (service = '', timeoutMs = 2_000) =>
      new Promise<HealthStatus>((resolve) => {
        check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (error, response) => {
          if (error) resolve(error.code === status.NOT_FOUND ? 'SERVICE_UNKNOWN' : 'UNREACHABLE');
          else resolve((response?.status as HealthStatus | undefined) ?? 'UNKNOWN');
        });
      }),
    close: () => client.close(),
  };
}

/** One check on a channel of its own. */
export async function probeHealth(address: string, ca: string | Buffer, service = '', timeoutMs = 2_000): Promise<HealthStatus> {
  const checker = healthChecker(address, ca);
  try {
    return await checker.check(service, timeoutMs);
  } finally {
    checker.close();
  }
}
