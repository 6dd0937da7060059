/**
 * Lets at most `concurrency` starts run at once, the rest waiting their turn in order. Fifty agency
 * processes started together on two cores each took so long (every one loading its code and keys at
 * the same moment) that some missed their start-up deadline; in turns, each starts in seconds.
 */
export type StartQueue = <T>(start: () => Promise<T>) => Promise<T>;

export function startQueue(concurrency: number): StartQueue {
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async (start) => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await start();
    } finally {
      next();
    }
  };
}
