/**
 * A federation for a benchmark: real servers as the test kit starts them, and each agency's services
 * in their own process, as `npm start` runs them, so the benchmark process only measures.
 */
import { cpus } from 'node:os';
import { natsServerVersion, startAgencyProcess } from '@concord/launcher';
import { TestFederation } from '@concord/testkit';

export async function withBenchFederation<T>(agencies: readonly string[], run: (federation: TestFederation) => Promise<T>): Promise<T> {
  await using federation = await TestFederation.start({ agencies, services: false });
  const paths = (id: string) => federation.prepared.paths.agency(id);
  const hosts = await Promise.all(agencies.map((id) => startAgencyProcess(id, paths(id).hostConfig, paths(id).servicesLog)));
  try {
    return await run(federation);
  } finally {
    await Promise.all(hosts.map((host) => host.stop()));
  }
}

/** The line that says where the figures come from. */
export async function machineLine(federation: TestFederation): Promise<string> {
  return `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, nats-server ${await natsServerVersion()} (${federation.runner.kind}); ${new Date().toISOString().slice(0, 10)}; ${federation.agencyIds.length} agencies + hub on this machine`;
}

/** `runBench(main)`: a failure prints and exits non-zero. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
