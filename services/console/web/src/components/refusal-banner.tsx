/** The server's refusal of a whole request (no field of the form named), shown above the form. */
import { FormattedMessage } from 'react-intl';
import type { Refusal } from '../rpc/field-errors';

export function RefusalBanner({ refusal, shownFields }: { readonly refusal: Refusal | undefined; readonly shownFields: readonly string[] }) {
  if (!refusal) return null;
  const named = Object.keys(refusal.fields).some((field) => shownFields.includes(field));
  if (named) return null;
  return (
    <p role="alert" className="banner banner-error">
      <FormattedMessage id="refusal.server" values={{ message: refusal.message }} />
    </p>
  );
}
