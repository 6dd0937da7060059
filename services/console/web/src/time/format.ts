/** Dates and times through Intl, in the viewer's language and the chosen zone. */
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { useZone } from './zone-provider';

export type FormatInstant = (instant: Timestamp | Date | undefined) => string;

export function useFormatInstant(): FormatInstant {
  const { locale } = useIntl();
  const { zone } = useZone();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone, timeZoneName: 'short' });
    return (instant) => {
      if (!instant) return '';
      return format.format(instant instanceof Date ? instant : timestampDate(instant));
    };
  }, [locale, zone]);
}
