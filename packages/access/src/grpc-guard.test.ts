import { EventEmitter } from 'node:events';
import { Metadata, status, type ServiceDefinition, type ServerWritableStream } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { Caller } from './caller.js';
import { guardService, type AccessControl } from './grpc-guard.js';

const analyst: Caller = {
  agency: 'AU',
  subject: 'sub-1',
  username: 'ana',
  name: 'Ana',
  roles: new Set(['analyst']),
  issuer: 'https://issuer.example',
  expiresAt: new Date(Date.now() + 60_000),
};

// WatchAlerts is a private read: the guard records it in the audit log before the stream opens.
const watchAlerts = { WatchAlerts: { path: '/concord.v1.IntelService/WatchAlerts', requestStream: false, responseStream: true } } as unknown as ServiceDefinition;

describe('the guard in front of a server stream', () => {
  it('ends the stream with INTERNAL when the audit log cannot record it, and never opens it', async () => {
    // A failing disk is the one thing this test cannot run for real.
    const access: AccessControl = {
      verifier: { verify: () => Promise.resolve(analyst) },
      disabled: { has: () => false },
      record: () => Promise.reject(new Error('EIO: i/o error, fsync')),
    };
    let opened = false;
    const guarded = guardService(watchAlerts, { WatchAlerts: () => { opened = true; } }, access);
    const metadata = new Metadata();
    metadata.set('authorization', 'Bearer token');
    const call = Object.assign(new EventEmitter(), { metadata, request: {}, getPeer: () => 'ipv4:127.0.0.1:1' });
    const ended = new Promise<{ code: number; details: string }>((resolve) => call.once('error', resolve));
    (guarded.WatchAlerts as (call: ServerWritableStream<unknown, unknown>) => void)(call as unknown as ServerWritableStream<unknown, unknown>);
    const error = await ended;
    expect(error.code).toBe(status.INTERNAL);
    expect(error.details).toMatch(/audit log could not record the call: EIO/);
    expect(opened).toBe(false);
  });
});
