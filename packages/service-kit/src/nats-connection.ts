/**
 * The service's connection to its own agency's nats-server, over TLS trusting the agency's CA:
 * reconnects for ever, never gives up: not even after the server refused its credentials (another
 * process on the port), which nats.js otherwise takes as final after two refusals in a row.
 */
import { readFile } from 'node:fs/promises';
import { connect, Events, type NatsConnection } from 'nats';
import { ConcordError } from '@concord/errors';
import type { Logger } from 'pino';

export interface NatsSettings {
  /** One URL, or every node of the agency's cluster separated by commas. */
  readonly url: string;
  /** PEM of the CA that issued the server's certificate (the agency's own). */
  readonly ca: string;
  readonly user?: string;
  readonly passwordFile?: string;
  readonly name: string;
}

export async function connectNats(settings: NatsSettings, log: Logger): Promise<NatsConnection> {
  let pass: string | undefined;
  if (settings.passwordFile) {
    try {
      pass = (await readFile(settings.passwordFile, 'utf8')).trim();
    } catch (error) {
      throw ConcordError.from(error);
    }
  }
  const nc = await connect({
    servers: settings.url.split(','),
    tls: { ca: settings.ca },
    name: settings.name,
    ...(settings.user ? { user: settings.user } : {}),
    ...(pass ? { pass } : {}),
    maxReconnectAttempts: -1,
    ignoreAuthErrorAbort: true,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    timeout: 10_000,
    // A stack trace captured for every request and JetStream publish cost more CPU than the
    // signing; failures here are logged with their subject, which says where they came from.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === Events.Disconnect || status.type === Events.Reconnect) log.warn({ nats: status.type }, 'nats connection changed');
      else if (status.type === Events.Error) log.error({ nats: status.type, err: status.data }, 'nats error');
    }
  })();
  return nc;
}
