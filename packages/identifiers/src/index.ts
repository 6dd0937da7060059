export { identifierKinds, IdentifierKind, imoCheckDigitValid, matchScopeOf, normaliseIdentifier } from './identifiers.js';
export type { Normalised } from './identifiers.js';
