/** Runs a call a form submits, keeping the server's refusal (per field) until the next try. */
import { useState } from 'react';
import { refusalOf, type Refusal } from '../rpc/field-errors';

export interface Refusable {
  readonly refusal: Refusal | undefined;
  readonly busy: boolean;
  readonly run: (call: () => Promise<unknown>, onDone: () => void) => void;
  /** The server's words about one field, if it refused it. */
  readonly fieldError: (path: string) => string | undefined;
}

export function useRefusable(): Refusable {
  const [refusal, setRefusal] = useState<Refusal | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  return {
    refusal,
    busy,
    fieldError: (path) => refusal?.fields[path],
    run: (call, onDone) => {
      setBusy(true);
      call().then(
        () => {
          setBusy(false);
          setRefusal(undefined);
          onDone();
        },
        (error: unknown) => {
          setBusy(false);
          setRefusal(refusalOf(error));
        },
      );
    },
  };
}
