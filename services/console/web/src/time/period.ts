/** A period typed as wall times, as the protobuf Period the services take. */
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { PeriodSchema, type Period } from '@concord/web-contracts/planning';
import { instantOf } from './wall-time';

/** Empty or malformed ends are left out, so the server names them in its refusal. */
export function periodOf(input: { readonly start: string; readonly end: string }, zone: string): Period {
  const start = instantOf(input.start, zone);
  const end = instantOf(input.end, zone);
  return create(PeriodSchema, {
    ...(start ? { start: timestampFromDate(start) } : {}),
    ...(end ? { end: timestampFromDate(end) } : {}),
  });
}
