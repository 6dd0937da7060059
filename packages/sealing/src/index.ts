export { open, seal, sealAlgorithm, sealedBoxSchema } from './sealed-box.js';
export type { SealedBox, SealRecipient } from './sealed-box.js';
export { createSealedEventCodec, SealedEventRefusal, sealedEventHandlers } from './sealed-events.js';
export type { DecodedEvent, SealedEventCodec, SecretInputOf, WireTable } from './sealed-events.js';
