import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { refusalOf } from './field-errors';

function refusal(message: string, fields: readonly string[]): ConnectError {
  const metadata = new Headers();
  for (const field of fields) metadata.append('concord-field', field);
  return new ConnectError(message, Code.InvalidArgument, metadata);
}

describe('refusalOf', () => {
  it('gives each field the server named its own words', () => {
    const error = refusal('invalid operation: name: must be 1 to 200 characters; period.end: must lie in the future', ['name', 'period.end']);
    expect(refusalOf(error).fields).toEqual({ name: 'must be 1 to 200 characters', 'period.end': 'must lie in the future' });
  });

  it('keeps the whole message for a refusal that names no field', () => {
    const result = refusalOf(new ConnectError('planner role needed', Code.PermissionDenied));
    expect(result).toEqual({ fields: {}, message: 'planner role needed' });
  });
});
