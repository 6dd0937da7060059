/**
 * Configuration of one service process, from flags or environment variables (flags win), validated
 * at start-up. An error names the flag and the variable, so the operator knows what to change.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConcordError, type Violation } from '@concord/errors';
import { agencyIdSchema } from '@concord/manifest';

const hostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'must be host:port, for example 127.0.0.1:7412');

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const serviceConfigSchema = z.strictObject({
  agency: agencyIdSchema,
  manifest: z.string().min(1, 'must name the federation manifest (with every agency\'s public keys)'),
  dataDir: z.string().min(1, 'must name the agency\'s data directory'),
  // Every node of the agency's cluster, comma-separated, so the connection moves to another when one goes.
  natsUrl: z.string().regex(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/, 'must be a tls:// (or nats://) URL, or several separated by commas, for example tls://127.0.0.1:7410'),
  natsUser: z.string().min(1).optional(),
  natsPasswordFile: z.string().min(1).optional(),
  /** Copies JetStream keeps of each stream and bucket the service creates: the agency's cluster size (3), 1 on one server. */
  jetstreamReplicas: z.coerce.number<string | number>().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5').optional(),
  grpcListen: hostPort,
  issuer: z.url({ protocol: /^https?$/, error: 'must be the https:// URL of the agency\'s OpenID Connect issuer' }),
  audience: z.string().min(1).max(200).optional(),
  rolesClaim: z.string().regex(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, 'must be a claim name or a dot path such as realm_access.roles').default('roles'),
  issuerCa: z.string().min(1).optional(),
  issuerListen: hostPort.optional(),
  consoleUrl: z.url({ protocol: /^https$/, error: "must be the https:// URL of the agency's console" }).optional(),
  tlsCert: z.string().min(1),
  tlsKey: z.string().min(1),
  tlsCa: z.string().min(1),
  logLevel: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  metricsListen: hostPort.optional(),
  metricsTokenFile: z.string().min(1).optional(),
});

export type ServiceConfig = Readonly<z.infer<typeof serviceConfigSchema>>;

/** The audience tokens for an agency's services must name. */
export const audienceOf = (config: Pick<ServiceConfig, 'agency' | 'audience'>) => config.audience ?? `concord:${config.agency}`;

/** Each setting with its flag, its variable and a line of help. */
export const settings = {
  agency: { flag: 'agency', env: 'CONCORD_AGENCY', help: 'agency id from the federation manifest, for example AU' },
  manifest: { flag: 'manifest', env: 'CONCORD_MANIFEST', help: 'federation manifest (YAML or JSON) listing every agency with its public keys' },
  dataDir: { flag: 'data-dir', env: 'CONCORD_DATA_DIR', help: "the agency's data directory (keys/ holds its identity)" },
  natsUrl: { flag: 'nats-url', env: 'CONCORD_NATS_URL', help: "the agency's own nats-server, for example tls://127.0.0.1:7410 (always over TLS); a cluster's nodes separated by commas" },
  natsUser: { flag: 'nats-user', env: 'CONCORD_NATS_USER', help: 'NATS user (default: the service name)' },
  natsPasswordFile: { flag: 'nats-password-file', env: 'CONCORD_NATS_PASSWORD_FILE', help: 'file holding the NATS password' },
  jetstreamReplicas: { flag: 'jetstream-replicas', env: 'CONCORD_JETSTREAM_REPLICAS', help: "copies of each stream and bucket: the agency's cluster size, 3 (default 1, one server)" },
  grpcListen: { flag: 'grpc-listen', env: 'CONCORD_GRPC_LISTEN', help: 'gRPC listen address host:port (port 0 picks a free one)' },
  issuer: { flag: 'issuer', env: 'CONCORD_ISSUER', help: "the agency's OpenID Connect issuer URL: tokens from anywhere else are refused" },
  audience: { flag: 'audience', env: 'CONCORD_AUDIENCE', help: 'the audience tokens must name (default concord:<agency>)' },
  rolesClaim: { flag: 'roles-claim', env: 'CONCORD_ROLES_CLAIM', help: 'the token claim listing roles, a dot path (default roles; Keycloak: realm_access.roles)' },
  issuerCa: { flag: 'issuer-ca', env: 'CONCORD_ISSUER_CA', help: "a CA certificate (PEM file) the issuer's HTTPS certificate chains to, when not a public one" },
  issuerListen: { flag: 'issuer-listen', env: 'CONCORD_ISSUER_LISTEN', help: 'identity service only: where the embedded OpenID Connect provider listens, host:port' },
  consoleUrl: { flag: 'console-url', env: 'CONCORD_CONSOLE_URL', help: "identity service only: the agency console's URL, whose /auth/callback may receive sign-ins" },
  tlsCert: { flag: 'tls-cert', env: 'CONCORD_TLS_CERT', help: "PEM file: the server certificate gRPC presents (from the agency's CA)" },
  tlsKey: { flag: 'tls-key', env: 'CONCORD_TLS_KEY', help: 'PEM file: its private key (owner-only)' },
  tlsCa: { flag: 'tls-ca', env: 'CONCORD_TLS_CA', help: "PEM file: the agency's CA certificate, trusted for its nats-server" },
  logLevel: { flag: 'log-level', env: 'CONCORD_LOG_LEVEL', help: `log level: ${logLevels.join(', ')} (default info)` },
  metricsListen: { flag: 'metrics-listen', env: 'CONCORD_METRICS_LISTEN', help: 'where the agency process serves Prometheus metrics over HTTPS, host:port' },
  metricsTokenFile: { flag: 'metrics-token-file', env: 'CONCORD_METRICS_TOKEN_FILE', help: 'file holding the bearer token a scraper must present' },
} as const satisfies Record<keyof z.infer<typeof serviceConfigSchema>, { flag: string; env: string; help: string }>;

type SettingKey = keyof typeof settings;

export function serviceHelp(service: string): string {
  const lines = Object.values(settings).map((s) => `  --${s.flag.padEnd(20)} ${s.env.padEnd(28)} ${s.help}`);
  return [`Usage: concord-${service} [flags]`, '', `Runs one agency's ${service} service. Every flag can be given as the environment variable beside it.`, '', ...lines, '  --help'].join('\n');
}

export function loadServiceConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServiceConfig | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.values(settings).map((s) => [s.flag, { type: 'string' as const }]));
    ({ values } = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw ConcordError.invalid([{ path: 'flags', message: (error as Error).message }], 'bad command line');
  }
  if (values.help) return 'help';
  const raw: Record<string, string | undefined> = {};
  for (const [key, s] of Object.entries(settings)) {
    const fromFlag = values[s.flag];
    raw[key] = typeof fromFlag === 'string' ? fromFlag : env[s.env];
  }
  const parsed = serviceConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const violations: Violation[] = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as SettingKey | undefined;
      const s = key ? settings[key] : undefined;
      return { path: s ? `--${s.flag} (${s.env})` : 'configuration', message: issue.path.length === 1 && raw[key as string] === undefined ? 'is required' : issue.message };
    });
    throw ConcordError.invalid(violations, 'bad configuration');
  }
  return Object.freeze(parsed.data);
}
