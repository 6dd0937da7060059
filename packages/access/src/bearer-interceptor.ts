/**
 * A grpc-js client interceptor that sends the caller's bearer token with every call, unary or stream.
 * When no token can be had (the session expired and cannot be refreshed), the call ends at once with
 * UNAUTHENTICATED and the reason, without reaching the server.
 */
import { InterceptingCall, Metadata, status, type Interceptor } from '@grpc/grpc-js';

export function bearerInterceptor(token: () => Promise<string>): Interceptor {
  return (options, nextCall) => {
    let refused = false;
    return new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        token().then(
          (value) => {
            metadata.set('authorization', `Bearer ${value}`);
            next(metadata, listener);
          },
          (error: unknown) => {
            refused = true;
            listener.onReceiveStatus?.({ code: status.UNAUTHENTICATED, details: error instanceof Error ? error.message : String(error), metadata: new Metadata() });
          },
        );
      },
      sendMessage(message, next) {
        if (!refused) next(message);
      },
      halfClose(next) {
        if (!refused) next();
      },
    });
  };
}
