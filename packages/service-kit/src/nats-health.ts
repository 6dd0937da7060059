/**
 * Follows whether a service can do its work: its NATS connection is up and its JetStream answers.
 * The service's gRPC health says NOT_SERVING while either is down, so `concord status` and the
 * launcher's supervisor see an agency server that is gone, even while the gRPC port still answers.
 */
import { Events, type JetStreamManager, type NatsConnection } from 'nats';
import type { Logger } from 'pino';

export interface NatsHealthOptions {
  /**
   * How often JetStream is asked, connected or not. A disconnect is seen at once and a reconnect is
   * checked at once, so the poll only finds a JetStream that stopped answering on a live connection:
   * every 10 s is soon enough for that (the supervisor allows 30 s), and five services polling every
   * 2 s were most of an idle agency's JetStream API requests.
   */
  readonly checkEveryMs?: number;
  readonly timeoutMs?: number;
}

export interface NatsHealth {
  stop(): void;
}

export function followNatsHealth(nc: NatsConnection, report: (serving: boolean) => void, log: Logger, options: NatsHealthOptions = {}): NatsHealth {
  const { checkEveryMs = 10_000, timeoutMs = 1_500 } = options;
  let connected = !nc.isClosed();
  let serving: boolean | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let jsm: JetStreamManager | undefined;

  const set = (now: boolean) => {
    if (stopped || now === serving) return;
    serving = now;
    if (now) log.info('serving: NATS connected and JetStream answers');
    else log.warn('not serving: NATS or JetStream does not answer');
    report(now);
  };
  const jetStreamAnswers = async () => {
    try {
      jsm ??= await nc.jetstreamManager({ checkAPI: false, timeout: timeoutMs });
      await jsm.getAccountInfo();
      return true;
    } catch {
      return false;
    }
  };
  const check = async () => {
    const answers = connected && !nc.isClosed() && (await jetStreamAnswers());
    // Asked before a disconnect, answered after: the connection's state now decides.
    set(answers && connected);
  };
  const loop = () => {
    timer = setTimeout(() => void check().finally(() => !stopped && loop()), checkEveryMs);
  };

  const statuses = nc.status();
  void (async () => {
    for await (const status of statuses) {
      if (status.type === Events.Disconnect) {
        connected = false;
        set(false);
      } else if (status.type === Events.Reconnect) {
        connected = true;
        void check();
      }
    }
  })();
  void nc.closed().then(() => {
    connected = false;
    set(false);
  });
  loop();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      (statuses as unknown as { stop(): void }).stop();
    },
  };
}
