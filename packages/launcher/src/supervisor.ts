/**
 * Keeps a child running: when it exits on its own, it is started again after a back-off that grows
 * while it keeps failing (0.5 s to 30 s) and resets once it has stayed up for a minute. A child that
 * runs but stays unhealthy (its services NOT_SERVING) for 30 s is stopped, and so started again.
 */
import type { Logger } from 'pino';

export interface Child {
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface HealthWatch<C> {
  /** False while the child cannot do its work; a failure to tell counts as false too. */
  readonly healthy: (child: C) => Promise<boolean>;
  /** How long it may stay unhealthy before it is restarted (default 30 s). */
  readonly limitMs?: number;
  /** How often it is asked (default 5 s). */
  readonly everyMs?: number;
}

export class Supervised<C extends Child> {
  #child: C | undefined;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(
    readonly name: string,
    private readonly start: () => Promise<C>,
    private readonly log: Logger,
    private readonly health?: HealthWatch<C>,
  ) {}

  get current(): C | undefined {
    return this.#child;
  }

  /** Starts the child the first time; a failure here is the caller's to report. */
  async run(): Promise<C> {
    const child = await this.start();
    this.#child = child;
    this.#loop = this.#watch(child);
    return child;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#child?.stop();
    await this.#loop;
  }

  async #watch(first: C): Promise<void> {
    let child = first;
    let backoff = 500;
    for (;;) {
      const startedAt = Date.now();
      const stopWatching = this.#watchHealth(child);
      const code = await child.exited;
      stopWatching();
      if (this.#stopping) return;
      if (Date.now() - startedAt > 60_000) backoff = 500;
      this.log.warn({ child: this.name, code, restartInMs: backoff }, `${this.name} exited; restarting`);
      for (;;) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff);
          this.#wake = () => (clearTimeout(timer), resolve());
        });
        if (this.#stopping) return;
        backoff = Math.min(backoff * 2, 30_000);
        try {
          child = await this.start();
          this.#child = child;
          this.log.info({ child: this.name }, `${this.name} restarted`);
          break;
        } catch (error) {
          this.log.error({ child: this.name, err: error }, `${this.name} failed to restart`);
        }
      }
    }
  }

  /** Stops the child once it has been unhealthy for the limit; its exit then restarts it as any exit does. */
  #watchHealth(child: C): () => void {
    if (!this.health) return () => undefined;
    const { healthy, limitMs = 30_000, everyMs = 5_000 } = this.health;
    let unhealthySince: number | undefined;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const check = async () => {
      const ok = await healthy(child).catch(() => false);
      if (done || this.#stopping) return;
      unhealthySince = ok ? undefined : (unhealthySince ?? Date.now());
      if (unhealthySince !== undefined && Date.now() - unhealthySince >= limitMs) {
        done = true;
        this.log.warn({ child: this.name, unhealthyMs: Date.now() - unhealthySince }, `${this.name} not serving for ${limitMs / 1000} s; restarting`);
        await child.stop();
        return;
      }
      timer = setTimeout(() => void check(), everyMs);
    };
    timer = setTimeout(() => void check(), everyMs);
    return () => {
      done = true;
      clearTimeout(timer);
    };
  }
}
