/**
 * Between a generated proto enum (ACTION_KIND_VESSEL_INTERDICTION = 1) and the domain's kebab-case
 * names ("vessel-interdiction"): one mapping for every enum, derived from the names, never typed twice.
 */
export interface ProtoEnum<D extends string> {
  toProto(value: D): number;
  /** The domain name, or undefined for UNSPECIFIED and unknown numbers. */
  fromProto(value: number): D | undefined;
}

/** Every kebab-case name of a generated enum, UNSPECIFIED left out: what a CLI flag accepts. */
export function kebabNames(generated: Record<string, string | number>, prefix: string): string[] {
  return Object.keys(generated)
    .filter((key) => key.startsWith(prefix) && key !== `${prefix}UNSPECIFIED`)
    .map((key) => key.slice(prefix.length).toLowerCase().replace(/_/g, '-'));
}

export function protoEnum<D extends string>(generated: Record<string, string | number>, prefix: string, domain: readonly D[] = kebabNames(generated, prefix) as D[]): ProtoEnum<D> {
  const toName = (value: D) => `${prefix}${value.toUpperCase().replace(/-/g, '_')}`;
  const byNumber = new Map<number, D>();
  for (const value of domain) {
    const number = generated[toName(value)];
    if (typeof number !== 'number') throw new Error(`${toName(value)} is missing from the generated enum`);
    byNumber.set(number, value);
  }
  return {
    toProto: (value) => generated[toName(value)] as number,
    fromProto: (value) => byNumber.get(value),
  };
}
