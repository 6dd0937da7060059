/** Follows a server stream until it ends or Ctrl-C; a cancelled stream is a normal end. */
import { Code, ConcordError } from '@concord/errors';

export function followStream<T>(stream: NodeJS.ReadableStream & { cancel(): void }, onData: (item: T) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => stream.cancel();
    process.once('SIGINT', stop);
    stream.on('data', onData);
    stream.on('end', () => resolve());
    stream.on('error', (error: { code?: number; details?: string }) => {
      process.off('SIGINT', stop);
      if (error.code === 1) resolve();
      else reject(new ConcordError((error.code ?? Code.Unavailable) as Code, error.details ?? 'the watch ended'));
    });
  });
}
