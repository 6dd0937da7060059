export { open, seal, sealAlgorithm, sealedBoxSchema } from './sealed-box.js';
export type { SealedBox, SealRecipient } from './sealed-box.js';
