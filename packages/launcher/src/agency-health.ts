/**
 * The supervisor's view of one agency's services: healthy unless one says NOT_SERVING (it lost its NATS
 * server or JetStream). One gRPC channel per service, opened once and reused by every check: a channel
 * per check cost a TLS handshake on both sides each time, five per agency every few seconds, which at
 * 50 agencies was most of an idle federation's CPU.
 */
import { readFile } from 'node:fs/promises';
import { healthChecker, type HealthChecker } from '@concord/service-kit';

export interface AgencyHealth {
  /** True unless a service answers NOT_SERVING; one that does not answer (busy, restarting) counts as healthy here. */
  noneNotServing(): Promise<boolean>;
  close(): void;
}

export function agencyHealth(agency: { readonly grpc: Readonly<Record<string, string>>; readonly ca: string }): AgencyHealth {
  let checkers: Promise<HealthChecker[]> | undefined;
  const open = async () => {
    const ca = await readFile(agency.ca);
    return Object.values(agency.grpc).map((address) => healthChecker(address, ca));
  };
  return {
    noneNotServing: async () => {
      checkers ??= open();
      const statuses = await Promise.all((await checkers).map((checker) => checker.check()));
      return !statuses.includes('NOT_SERVING');
    },
    close: () => void checkers?.then((all) => all.forEach((checker) => checker.close())),
  };
}
