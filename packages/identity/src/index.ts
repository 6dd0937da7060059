export { generateAgencyIdentity, initAgencyIdentity, loadAgencyIdentity } from './agency-keys.js';
export type { AgencyIdentity, AgencyPublicKeys } from './agency-keys.js';
export { KeyKind, publicKeyFromText, publicKeyTextProblem, publicKeyToText } from './public-key-text.js';
export { SignatureContext, signBytes, verifyBytes } from './signature.js';
