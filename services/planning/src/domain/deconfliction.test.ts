import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateAgencyIdentity } from '@concord/identity';
import { findMatches, pairKey, token, type Registration } from './deconfliction.js';

const [au, id, th] = [generateAgencyIdentity(), generateAgencyIdentity(), generateAgencyIdentity()];
const operationKey = randomBytes(32);
const key = (me: string, mine: typeof au, peer: string, theirs: typeof au) => pairKey(operationKey, 'op-1', { agency: me, encryptionKey: mine.encryptionKey }, { agency: peer, encryptionKey: theirs.publicKeys.encryption });
const registration = (ref: string, kind: Registration['kind'], value: string, window?: { start: Date; end: Date }): Registration => ({ ref, operationId: 'op-1', actionId: `action-${ref}`, kind, value, contact: 'desk', ...(window ? { window } : {}) });
const days = (from: number, to: number) => ({ start: new Date(Date.UTC(2027, 2, from)), end: new Date(Date.UTC(2027, 2, to)) });

describe('pair keys and tokens', () => {
  it('give both agencies of a pair the same key, and every other pair another', () => {
    expect(key('AU', au, 'ID', id).equals(key('ID', id, 'AU', au))).toBe(true);
    expect(key('AU', au, 'ID', id).equals(key('AU', au, 'TH', th))).toBe(false);
  });

  it('differ by direction, so a token sent back does not match', () => {
    const k = key('AU', au, 'ID', id);
    expect(token(k, 'AU', 'vessel-imo', '9074729')).not.toBe(token(k, 'ID', 'vessel-imo', '9074729'));
  });
});

describe('findMatches', () => {
  const k = key('ID', id, 'AU', au);
  const expected = (r: Registration) => token(k, 'AU', r.kind, r.value);
  const sent = (ref: string, kind: Registration['kind'], value: string, window?: { start: Date; end: Date }) => ({
    ref,
    token: token(key('AU', au, 'ID', id), 'AU', kind, value),
    scope: kind === 'place' ? ('place' as const) : ('target' as const),
    ...(window ? { window } : {}),
  });

  it('finds the registrations both agencies made of the same target, and nothing else', () => {
    const mine = [registration('i1', 'vessel-imo', '9074729'), registration('i2', 'passport', 'IDN:A1234567')];
    const theirs = [sent('a1', 'vessel-imo', '9074729'), sent('a2', 'vessel-imo', '9176187')];
    expect(findMatches(mine, theirs, expected)).toEqual([{ myRef: 'i1', theirRef: 'a1' }]);
  });

  it('matches a place only when the windows overlap', () => {
    const mine = [registration('i1', 'place', 'IDJKT', days(10, 12))];
    expect(findMatches(mine, [sent('a1', 'place', 'IDJKT', days(11, 13))], expected)).toHaveLength(1);
    expect(findMatches(mine, [sent('a1', 'place', 'IDJKT', days(12, 14))], expected)).toHaveLength(0);
  });
});
