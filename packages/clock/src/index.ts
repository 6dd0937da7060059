export { compareHlc, defaultMaxDriftMs, formatHlc, HybridLogicalClock, parseHlc } from './hlc.js';
export type { HlcOptions, HlcStamp, WallClock } from './hlc.js';
