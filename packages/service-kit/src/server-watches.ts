/**
 * The open server streams of one watch RPC: each is tied to the subscription that feeds it, which ends
 * with the stream (cancelled, closed or failed), and all can be ended at once when the service stops.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';

export class ServerWatches<Req, Res> {
  readonly #calls = new Set<ServerWritableStream<Req, Res>>();

  /** Registers a stream; `unsubscribe` runs once it ends. */
  open(call: ServerWritableStream<Req, Res>, unsubscribe: () => void): void {
    this.#calls.add(call);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      this.#calls.delete(call);
    };
    call.on('cancelled', end);
    call.on('close', end);
    call.on('error', end);
  }

  /** Writes to every open stream. */
  broadcast(response: Res): void {
    for (const call of this.#calls) call.write(response);
  }

  /** Ends every open stream: the service is stopping. */
  closeAll(): void {
    for (const call of this.#calls) call.end();
    this.#calls.clear();
  }
}
