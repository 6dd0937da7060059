import { describe, expect, it } from 'vitest';
import { compareHlc, formatHlc, HybridLogicalClock, parseHlc } from './hlc.js';

function fakeWall(start: number) {
  let now = start;
  return { now: () => now, set: (t: number) => (now = t) };
}

describe('HybridLogicalClock', () => {
  it('follows physical time when it moves forward', () => {
    const wall = fakeWall(1_000);
    const clock = new HybridLogicalClock({ now: wall.now });
    expect(clock.tick()).toEqual({ wall: 1_000, logical: 0 });
    wall.set(2_000);
    expect(clock.tick()).toEqual({ wall: 2_000, logical: 0 });
  });

  it('never runs backwards when the wall clock does', () => {
    const wall = fakeWall(5_000);
    const clock = new HybridLogicalClock({ now: wall.now });
    const first = clock.tick();
    wall.set(4_000);
    const second = clock.tick();
    expect(compareHlc(second, first)).toBeGreaterThan(0);
    expect(second).toEqual({ wall: 5_000, logical: 1 });
  });

  it('orders a local event after a received one from a clock that runs ahead', () => {
    const wall = fakeWall(10_000);
    const clock = new HybridLogicalClock({ now: wall.now });
    const remote = { wall: 10_500, logical: 3 };
    clock.observe(remote);
    expect(compareHlc(clock.tick(), remote)).toBeGreaterThan(0);
  });

  it('refuses a stamp further ahead than the drift bound', () => {
    const clock = new HybridLogicalClock({ now: () => 0, maxDriftMs: 1_000 });
    expect(() => clock.observe({ wall: 1_001, logical: 0 })).toThrow(/ahead/);
    expect(() => clock.observe({ wall: 1_000, logical: 0 })).not.toThrow();
  });
});

describe('formatHlc', () => {
  it('round-trips and sorts as text like it sorts as numbers', () => {
    const stamps = [
      { wall: 1_700_000_000_000, logical: 12 },
      { wall: 999, logical: 0 },
      { wall: 1_700_000_000_000, logical: 2 },
    ];
    const texts = stamps.map(formatHlc);
    expect(texts.map(parseHlc)).toEqual(stamps);
    expect([...texts].sort()).toEqual([...stamps].sort(compareHlc).map(formatHlc));
  });

  it('rejects text that is not a stamp', () => {
    expect(() => parseHlc('12.3')).toThrow(/not a clock stamp/);
  });
});
