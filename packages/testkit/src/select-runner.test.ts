import { describe, expect, it } from 'vitest';
import { selectNatsRunner } from './select-runner.js';

describe('selectNatsRunner', () => {
  it('uses containers when a container runtime answers', async () => {
    expect((await selectNatsRunner('/tmp', {}, () => Promise.resolve({}))).kind).toBe('container');
  });

  it('falls back to the local binary when no runtime answers', async () => {
    expect((await selectNatsRunner('/tmp', {}, () => Promise.reject(new Error('no docker')))).kind).toBe('local binary');
  });

  it('follows CONCORD_TEST_RUNTIME, and refuses other values', async () => {
    expect((await selectNatsRunner('/tmp', { CONCORD_TEST_RUNTIME: 'local' }, () => Promise.resolve({}))).kind).toBe('local binary');
    expect((await selectNatsRunner('/tmp', { CONCORD_TEST_RUNTIME: 'container' }, () => Promise.reject(new Error('x')))).kind).toBe('container');
    await expect(selectNatsRunner('/tmp', { CONCORD_TEST_RUNTIME: 'podman' })).rejects.toThrow(/local or container/);
  });

  it('on this machine, with its real probe, picks a runner within a few seconds', async () => {
    const started = Date.now();
    const runner = await selectNatsRunner('/tmp', {});
    expect(['local binary', 'container']).toContain(runner.kind);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
