/**
 * The one Connect transport to the agency's console server (`/rpc`, same origin, session cookie).
 * A call the server answers `unauthenticated` means the session expired: sign in again, and come back.
 */
import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { initialLocale } from '../i18n/locales';
import { signIn } from '../session/session';

const signInWhenExpired: Interceptor = (next) => async (request) => {
  try {
    return await next(request);
  } catch (error) {
    if (error instanceof ConnectError && error.code === Code.Unauthenticated) signIn(initialLocale());
    throw error;
  }
};

export const transport = createConnectTransport({ baseUrl: '/rpc', interceptors: [signInWhenExpired] });
