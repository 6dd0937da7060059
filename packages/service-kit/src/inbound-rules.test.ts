import { describe, expect, it } from 'vitest';
import { Rejection } from '@concord/federation';
import { inboundRules } from './inbound-rules.js';

describe('inboundRules', () => {
  const rulesFor = (judged: { ignored?: string; replay?: boolean }) => inboundRules<string>({ apply: () => undefined, judge: () => ({ state: undefined, ...judged }) });

  it('admits what the fold would apply, refuses what it would ignore, and calls a repeat a replay', () => {
    expect(rulesFor({}).check('e')).toBeUndefined();
    expect(rulesFor({ ignored: 'not yours' }).check('e')).toEqual({ reason: Rejection.Refused, detail: 'not yours' });
    expect(rulesFor({ ignored: 'held already', replay: true }).check('e')).toEqual({ reason: Rejection.Replay, detail: 'held already' });
  });
});
