/**
 * Tries a first start again when it fails. At 50 agencies on two loaded cores, one agency process in a
 * run could time out a JetStream request while starting (`A44 services failed to start: TIMEOUT`),
 * and `npm start` then stopped the whole federation; a second try, a little later, starts it.
 */
export async function withStartAttempts<T>(start: () => Promise<T>, attempts: number, onRetry: (error: unknown, attempt: number) => void, pauseMs = 1_000): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts) throw error;
      onRetry(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
