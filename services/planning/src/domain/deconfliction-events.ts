/** The deconfliction exchange as events: the operation key, pairwise tokens, and matches. */
import type { TokenEntry } from './deconfliction.js';
import type { ActionKind } from './national-action.js';
import type { Lifecycle, Period } from './operation.js';
import { leadOf } from './operation.js';

export type DeconflictionEvent =
  /** The lead hands the operation's key to the participants (sealed to each). */
  | { readonly type: 'deconfliction.key'; readonly by: string; readonly operationId: string; readonly key: Buffer; readonly holders: readonly string[]; readonly at: Date }
  /** `by` sends `to` the tokens of its registrations. */
  | { readonly type: 'deconfliction.tokens'; readonly by: string; readonly operationId: string; readonly to: string; readonly entries: readonly TokenEntry[]; readonly at: Date }
  /** `by` found that its registration `matchedRef` matches `to`'s registration `ref`, and tells which action and whom to call. */
  | {
      readonly type: 'deconfliction.match';
      readonly by: string;
      readonly operationId: string;
      readonly to: string;
      readonly ref: string;
      readonly matchedRef: string;
      readonly scope: 'target' | 'place';
      readonly action: { readonly id: string; readonly kind: ActionKind; readonly window: Period };
      readonly contact: string;
      readonly at: Date;
    };

export type TokensEvent = Extract<DeconflictionEvent, { type: 'deconfliction.tokens' }>;
export type MatchEvent = Extract<DeconflictionEvent, { type: 'deconfliction.match' }>;

export interface DeconflictionState {
  readonly key?: Buffer;
  /** The participants the lead sealed the key to, last time. */
  readonly keyHolders: readonly string[];
  /** These two grow in place: they belong to the fold. */
  readonly tokens: TokensEvent[];
  readonly matches: MatchEvent[];
}

export const emptyDeconfliction = (): DeconflictionState => ({ keyHolders: [], tokens: [], matches: [] });

export interface DeconflictionStep {
  readonly deconfliction: DeconflictionState;
  readonly ignored?: string;
}

export function evolveDeconfliction(state: DeconflictionState, lifecycle: Lifecycle | undefined, event: DeconflictionEvent): DeconflictionStep {
  if (!lifecycle) return { deconfliction: state, ignored: 'no such operation' };
  const participants = lifecycle.operation.participants;
  switch (event.type) {
    case 'deconfliction.key':
      if (event.by !== leadOf(lifecycle.operation)) return { deconfliction: state, ignored: `${event.by} is not the lead co-chair` };
      return { deconfliction: { ...state, key: event.key, keyHolders: event.holders } };
    case 'deconfliction.tokens':
      if (!participants.includes(event.by) || !participants.includes(event.to)) return { deconfliction: state, ignored: 'only participants exchange tokens' };
      state.tokens.push(event);
      return { deconfliction: state };
    case 'deconfliction.match':
      if (!participants.includes(event.by) || !participants.includes(event.to)) return { deconfliction: state, ignored: 'only participants exchange matches' };
      state.matches.push(event);
      return { deconfliction: state };
  }
}
