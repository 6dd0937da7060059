export { open, seal, sealAlgorithm, sealedBoxSchema } from './sealed-box.js';
export type { SealedBox, SealRecipient } from './sealed-box.js';
export { createSealedEventCodec, SealedEventRefusal, sealedEventHandlers, sealedEventType } from './sealed-events.js';
export type { DecodedEvent, EncodableEvent, SealedEventCodec, SealedWire, SecretInputOf, WireTable } from './sealed-events.js';
