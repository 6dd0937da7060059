export { bootstrapPasswordFileOf, bootstrapUsername, ensureBootstrapAdmin } from './bootstrap.js';
export { createIdentityService } from './identity-service.js';
export type { IdentityOptions, IdentityService } from './identity-service.js';
export { identityDirOf, usersFileOf, UserStore } from './user-store.js';
