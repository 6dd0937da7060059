/** The four capabilities every agency runs; each names its service, its subjects and its store. */
export const Capability = {
  Planning: 'planning',
  Tasking: 'tasking',
  Intel: 'intel',
  Debrief: 'debrief',
} as const;
export type Capability = (typeof Capability)[keyof typeof Capability];

export const capabilities: readonly Capability[] = Object.values(Capability);
