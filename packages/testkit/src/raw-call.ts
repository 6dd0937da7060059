/**
 * gRPC calls with request bytes as given, by method path: what a hostile or broken client sends
 * (invalid UTF-8, truncated messages, random bytes), which a generated client cannot.
 */
import { Client, Metadata, status, type ChannelCredentials } from '@grpc/grpc-js';

export interface RawAnswer {
  /** The status code; OK for an answer, or for a stream still open when the wait ended. */
  readonly code: status;
  readonly details: string;
  readonly fields: string[];
  readonly ms: number;
}

const passBytes = (bytes: Buffer) => bytes;

/** A client of one server for raw calls; `token` is sent as a bearer token when given. */
export class RawClient {
  readonly #client: Client;

  constructor(
    address: string,
    credentials: ChannelCredentials,
    private readonly token?: () => Promise<string>,
  ) {
    // Up to the server's 4 MiB receive limit and a little over, so the server is the one to refuse.
    this.#client = new Client(address, credentials, { 'grpc.max_send_message_length': 8 * 1024 * 1024 });
  }

  async #metadata(): Promise<Metadata> {
    const metadata = new Metadata();
    if (this.token) metadata.set('authorization', `Bearer ${await this.token()}`);
    return metadata;
  }

  /** A unary call; the answer's bytes are not decoded. */
  async unary(path: string, request: Uint8Array, timeoutMs = 5_000): Promise<RawAnswer> {
    const metadata = await this.#metadata();
    const started = performance.now();
    return new Promise((resolve) => {
      this.#client.makeUnaryRequest(path, passBytes, passBytes, Buffer.from(request), metadata, { deadline: Date.now() + timeoutMs }, (error) => {
        const ms = performance.now() - started;
        if (!error) return resolve({ code: status.OK, details: '', fields: [], ms });
        resolve({ code: error.code, details: error.details, fields: error.metadata.get('concord-field').map(String), ms });
      });
    });
  }

  /** A server-streaming call, cancelled once it has stayed open `openMs` without failing. */
  async serverStream(path: string, request: Uint8Array, openMs = 300, timeoutMs = 5_000): Promise<RawAnswer> {
    const metadata = await this.#metadata();
    const started = performance.now();
    return new Promise((resolve) => {
      const call = this.#client.makeServerStreamRequest(path, passBytes, passBytes, Buffer.from(request), metadata, { deadline: Date.now() + timeoutMs });
      const open = setTimeout(() => {
        call.cancel();
        resolve({ code: status.OK, details: 'open', fields: [], ms: performance.now() - started });
      }, openMs);
      call.on('data', () => undefined);
      call.on('error', (error: { code: status; details: string; metadata: Metadata }) => {
        clearTimeout(open);
        resolve({ code: error.code, details: error.details, fields: error.metadata.get('concord-field').map(String), ms: performance.now() - started });
      });
      call.on('status', ({ code, details }: { code: status; details: string }) => {
        if (code !== status.OK) return;
        clearTimeout(open);
        resolve({ code, details, fields: [], ms: performance.now() - started });
      });
    });
  }

  close(): void {
    this.#client.close();
  }
}
