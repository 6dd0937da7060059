/** What remains of a duration in its two largest units, for the expiry countdown. */
export const second = 1000;
export const minute = 60 * second;
export const hour = 60 * minute;
export const day = 24 * hour;

/** The largest two units of what remains, such as "29 days, 23 hr" or "4 min, 10 sec". */
export function remainingParts(ms: number): ReadonlyArray<readonly [Intl.NumberFormatOptions['unit'] & string, number]> {
  const units = [
    ['day', day],
    ['hour', hour],
    ['minute', minute],
    ['second', second],
  ] as const;
  const first = units.findIndex(([, size]) => ms >= size);
  if (first === -1) return [['second', 0]];
  return units.slice(first, first + 2).map(([unit, size], index) => [unit, index === 0 ? Math.floor(ms / size) : Math.floor((ms % units[first]![1]) / size)] as const);
}
