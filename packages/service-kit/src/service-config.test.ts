import { describe, expect, it } from 'vitest';
import { loadServiceConfig, serviceHelp } from './service-config.js';

const env = {
  CONCORD_AGENCY: 'AU',
  CONCORD_MANIFEST: '/m.json',
  CONCORD_DATA_DIR: '/data/AU',
  CONCORD_NATS_URL: 'tls://127.0.0.1:7410',
  CONCORD_GRPC_LISTEN: '127.0.0.1:7412',
  CONCORD_ISSUER: 'https://127.0.0.1:7417',
  CONCORD_TLS_CERT: '/data/AU/tls/server.crt',
  CONCORD_TLS_KEY: '/data/AU/tls/server.key',
};

describe('service configuration', () => {
  it('reads the environment, with flags taking precedence, and freezes the result', () => {
    const config = loadServiceConfig(['--grpc-listen', '127.0.0.1:0', '--log-level', 'debug', '--tls-ca', '/data/AU/tls/ca.crt'], env);
    expect(config).toEqual({
      agency: 'AU',
      manifest: '/m.json',
      dataDir: '/data/AU',
      natsUrl: 'tls://127.0.0.1:7410',
      grpcListen: '127.0.0.1:0',
      tlsCert: '/data/AU/tls/server.crt',
      tlsKey: '/data/AU/tls/server.key',
      tlsCa: '/data/AU/tls/ca.crt',
      issuer: 'https://127.0.0.1:7417',
      rolesClaim: 'roles',
      logLevel: 'debug',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the flag and the variable of every bad or missing setting', () => {
    expect(() => loadServiceConfig(['--nats-url', 'localhost:7410', '--log-level', 'loud'], { CONCORD_AGENCY: 'au' })).toThrow(
      [
        'bad configuration:',
        ' --agency (CONCORD_AGENCY): must be 2 to 16 capital letters or digits, starting with a letter (it becomes a NATS subject token and JetStream domain);',
        ' --manifest (CONCORD_MANIFEST): is required;',
        ' --data-dir (CONCORD_DATA_DIR): is required;',
        ' --nats-url (CONCORD_NATS_URL): must be a tls:// (or nats://) URL, or several separated by commas, for example tls://127.0.0.1:7410;',
        ' --grpc-listen (CONCORD_GRPC_LISTEN): is required;',
        ' --issuer (CONCORD_ISSUER): is required;',
        ' --tls-cert (CONCORD_TLS_CERT): is required;',
        ' --tls-key (CONCORD_TLS_KEY): is required;',
        ' --tls-ca (CONCORD_TLS_CA): is required;',
        ' --log-level (CONCORD_LOG_LEVEL): must be one of fatal, error, warn, info, debug, trace, silent',
      ].join(''),
    );
  });

  it("takes every node of the agency's cluster and the number of copies its streams keep", () => {
    const config = loadServiceConfig(['--nats-url', 'tls://10.0.0.1:7410,tls://10.0.0.2:7410,tls://10.0.0.3:7410'], { ...env, CONCORD_TLS_CA: '/data/AU/tls/ca.crt', CONCORD_JETSTREAM_REPLICAS: '3' });
    expect(config).toMatchObject({ natsUrl: 'tls://10.0.0.1:7410,tls://10.0.0.2:7410,tls://10.0.0.3:7410', jetstreamReplicas: 3 });
    expect(() => loadServiceConfig(['--nats-url', 'tls://10.0.0.1:7410,,tls://10.0.0.2:7410', '--jetstream-replicas', '7'], env)).toThrow(
      /--nats-url \(CONCORD_NATS_URL\): must be a tls:\/\/ \(or nats:\/\/\) URL, or several.*--jetstream-replicas \(CONCORD_JETSTREAM_REPLICAS\): must be 1 to 5/,
    );
  });

  it('refuses unknown flags and answers --help', () => {
    expect(() => loadServiceConfig(['--colour', 'blue'], env)).toThrow(/Unknown option '--colour'/);
    expect(loadServiceConfig(['--help'], {})).toBe('help');
    expect(serviceHelp('planning')).toContain('--grpc-listen');
  });
});
