/**
 * How long until an alert's copies are purged, counting down: each minute, each second in its last
 * hour. Units come from Intl, so the countdown reads naturally in every language.
 */
import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { useFormatInstant } from '../../time/format';
import { hour, day, remainingParts, second, minute } from './remaining-parts';

export function ExpiryCountdown({ expiresAt }: { readonly expiresAt: Timestamp | undefined }) {
  const intl = useIntl();
  const formatInstant = useFormatInstant();
  const [now, setNow] = useState(() => Date.now());
  const end = expiresAt ? timestampDate(expiresAt).getTime() : undefined;
  const left = end === undefined ? 0 : Math.max(0, end - now);
  useEffect(() => {
    if (end === undefined) return undefined;
    const timer = setInterval(() => setNow(Date.now()), left < hour ? second : minute);
    return () => clearInterval(timer);
  }, [end, left < hour]);
  if (end === undefined) return null;
  const remaining = intl.formatList(
    remainingParts(left).map(([unit, value]) => intl.formatNumber(value, { style: 'unit', unit, unitDisplay: 'long' })),
    { type: 'unit', style: 'long' },
  );
  return (
    <time dateTime={new Date(end).toISOString()} title={formatInstant(new Date(end))} className={left < day ? 'expiry expiry-soon' : 'expiry'}>
      <FormattedMessage id="alerts.expiresIn" values={{ remaining }} />
    </time>
  );
}
