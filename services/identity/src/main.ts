/** Runs one agency's identity service (its OpenID Connect provider and AccessService) as its own process: `concord-identity --help`. */
import { exitWithError, runServiceMain } from '@concord/service-kit';
import { createIdentityService } from './identity-service.js';

runServiceMain('identity', (context) => createIdentityService(context)).catch(exitWithError);
