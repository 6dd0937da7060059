/**
 * Keeps a child running: when it exits on its own, it is started again after a back-off that grows
 * while it keeps failing (0.5 s to 30 s) and resets once it has stayed up for a minute.
 */
import type { Logger } from 'pino';

export interface Child {
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
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
      const code = await child.exited;
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
}
