import { createServer, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { waitHealthy } from './nats-server-process.js';

/** Ports the Fetch standard blocks (fetch refuses them) that lie inside the test port range 4000-4999. */
const fetchBlockedPorts = [4045, 4190];

async function listenOnOneOf(server: Server, ports: readonly number[]): Promise<number> {
  for (const port of ports) {
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) return port;
  }
  throw new Error(`none of ${ports.join(', ')} is free`);
}

describe('waiting for a nats-server to be healthy', () => {
  it('reads a monitor on a port that fetch refuses (a base port of 5000 puts one on 5061)', async () => {
    const monitor = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/healthz' ? '{"status":"ok"}' : '{"server_id":"NTEST"}');
    });
    const port = await listenOnOneOf(monitor, fetchBlockedPorts);
    try {
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
      const seen: string[] = [];
      await waitHealthy(`http://127.0.0.1:${port}`, new Promise(() => undefined), 3_000, 'test server', '/nonexistent.log', (id) => (seen.push(id), Promise.resolve(true)));
      expect(seen).toEqual(['NTEST']);
    } finally {
      monitor.close();
    }
  });
});
