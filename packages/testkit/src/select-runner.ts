/**
 * Which way the test kit runs nats-server: in containers through testcontainers when a container
 * runtime answers, else the local binary. With no Docker engine the runtime probe fails within
 * milliseconds, so the fallback costs nothing. CONCORD_TEST_RUNTIME=local|container forces a choice.
 */
import { localNatsRunner, type NatsRunner } from '@concord/launcher';
import { containerNatsRunner } from './container-runner.js';

export type RuntimeProbe = () => Promise<unknown>;

const probeContainerRuntime: RuntimeProbe = async () => {
  const { getContainerRuntimeClient } = await import('testcontainers');
  return getContainerRuntimeClient();
};

export async function selectNatsRunner(root: string, env: NodeJS.ProcessEnv = process.env, probe: RuntimeProbe = probeContainerRuntime): Promise<NatsRunner> {
  const forced = env.CONCORD_TEST_RUNTIME;
  if (forced === 'local') return localNatsRunner();
  if (forced === 'container') return containerNatsRunner(root);
  if (forced !== undefined && forced !== '') throw new Error(`CONCORD_TEST_RUNTIME must be local or container, not ${forced}`);
  try {
    await probe();
    return containerNatsRunner(root);
  } catch {
    return localNatsRunner();
  }
}
