/** A service of a test federation run as its own process (`node --import tsx main.ts`), as npm start runs it. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';

const mainOf = (capability: ServiceName) => fileURLToPath(new URL(`../services/${capability}/src/main.ts`, import.meta.url));

export function runService(capability: ServiceName, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', mainOf(capability), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** The environment that configures one of an agency's services as the federation prepared it. */
export function serviceEnv(federation: TestFederation, agency: string, capability: ServiceName): NodeJS.ProcessEnv {
  const config = federation.prepared.services[agency]![capability];
  return {
    CONCORD_AGENCY: config.agency,
    CONCORD_MANIFEST: config.manifest,
    CONCORD_DATA_DIR: config.dataDir,
    CONCORD_NATS_URL: config.natsUrl,
    CONCORD_NATS_USER: config.natsUser,
    CONCORD_NATS_PASSWORD_FILE: config.natsPasswordFile,
    CONCORD_ISSUER: config.issuer,
    ...(config.issuerCa ? { CONCORD_ISSUER_CA: config.issuerCa } : {}),
    ...(config.issuerListen ? { CONCORD_ISSUER_LISTEN: config.issuerListen } : {}),
    CONCORD_TLS_CERT: config.tlsCert,
    CONCORD_TLS_KEY: config.tlsKey,
    CONCORD_TLS_CA: config.tlsCa,
  };
}
