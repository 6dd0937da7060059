import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAgencyTls, type AgencyTls } from '@concord/pki';
import { loadServiceTls } from './service-tls.js';

describe("a service's TLS material", () => {
  let dir: string;
  let tls: AgencyTls;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-service-tls-'));
    tls = await ensureAgencyTls(dir, { agency: 'AU', listenHost: '127.0.0.1' });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const files = () => ({ tlsCert: tls.server.certPath, tlsKey: tls.server.keyPath, tlsCa: tls.ca.certPath });

  it('is read from the files the configuration names', async () => {
    expect(await loadServiceTls(files())).toEqual({ server: { cert: tls.server.certPem, key: tls.server.keyPem }, ca: tls.ca.certPem });
  });

  it('names the flag of a file that is missing, and refuses a key that others can read', async () => {
    await expect(loadServiceTls({ ...files(), tlsCa: join(dir, 'nowhere.crt') })).rejects.toThrow(/^--tls-ca \(CONCORD_TLS_CA\): ENOENT: no such file or directory/);
    await chmod(tls.server.keyPath, 0o640);
    await expect(loadServiceTls(files())).rejects.toThrow(`--tls-key (CONCORD_TLS_KEY): ${tls.server.keyPath} is readable by others; run chmod 600 on it`);
    await chmod(tls.server.keyPath, 0o600);
  });
});
