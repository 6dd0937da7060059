import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';
import { RefusalLog } from './refusal-log.js';

/** A service logger writing into an array of parsed lines. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ agency: 'AU', service: 'planning' }, 'info', sink), lines, raw };
}

describe('logging refusals', () => {
  afterEach(() => vi.useRealTimers());

  it('writes the first refusal of a kind, then one line with the count of its repeats per interval', () => {
    vi.useFakeTimers();
    const { log, lines } = capture();
    const refusals = new RefusalLog(log, 'request failed', 10_000);
    const refusal = { peer: '10.0.0.7', method: 'GetOperation', code: 3, error: 'invalid request' };
    for (let i = 0; i < 500; i++) refusals.record(refusal);
    refusals.record({ ...refusal, peer: '10.0.0.8' });
    refusals.record({ ...refusal, code: 5 });
    expect(lines.map((l) => [l.peer, l.code, l.msg])).toEqual([
      ['10.0.0.7', 3, 'request failed'],
      ['10.0.0.8', 3, 'request failed'],
      ['10.0.0.7', 5, 'request failed'],
    ]);
    vi.advanceTimersByTime(10_000);
    expect(lines.slice(3)).toEqual([expect.objectContaining({ peer: '10.0.0.7', method: 'GetOperation', code: 3, repeated: 499, msg: 'request failed (repeated)' })]);
    // A new interval starts with a line of its own.
    refusals.record(refusal);
    expect(lines).toHaveLength(5);
  });

  it('cuts long values, long lists and deep nesting, whatever is logged', () => {
    const { log, raw } = capture();
    const nested: Record<string, unknown> = {};
    let level = nested;
    for (let i = 0; i < 1_000; i++) level = level.next = {};
    log.info({ error: 'x'.repeat(4_000_000), list: Array(100_000).fill('AU'), nested, err: new Error('y'.repeat(1_000_000)) }, 'z'.repeat(100_000));
    expect(raw).toHaveLength(1);
    expect(raw[0]!.length).toBeLessThan(8_000);
    expect(raw[0]).toContain('(4000000 characters)');
  });
});
