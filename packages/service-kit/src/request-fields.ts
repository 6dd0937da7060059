/**
 * What every gRPC boundary validates the same way: parsing a request so that errors name the proto
 * field as it is spelled there, proto enum fields, and field formats shared by several services.
 */
import { z } from 'zod';
import { invalidFromZod } from '@concord/errors';

/** The part of a generated-enum mapping a request schema needs. */
export interface EnumFromProto<D extends string> {
  fromProto(value: number): D | undefined;
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Parses a request or throws InvalidArgument naming every bad field as the proto spells it. */
export function parseRequest<S extends z.ZodType>(schema: S, request: unknown): z.output<S> {
  const result = schema.safeParse(request);
  if (!result.success) throw invalidFromZod(result.error, 'invalid request', snakeCase);
  return result.data;
}

/** A proto enum field, as its domain name; UNSPECIFIED and unknown numbers are refused. */
export const enumField = <D extends string>(mapping: EnumFromProto<D>, what: string) =>
  z.number().transform((value, ctx) => {
    const name = mapping.fromProto(value);
    if (name === undefined) {
      ctx.addIssue({ code: 'custom', message: `is required: ${what}` });
      return z.NEVER;
    }
    return name;
  });

/** A proto enum field that may be left unspecified: undefined then. */
export const optionalEnumField = <D extends string>(mapping: EnumFromProto<D>) => z.number().transform((value) => (value === 0 ? undefined : mapping.fromProto(value)));

/** UN/LOCODE: country, then three letters or digits 2-9 (IDJKT, AUDRW); empty when not given. */
export const locodeField = z.string().regex(/^([A-Z]{2}[A-Z2-9]{3})?$/, 'must be a UN/LOCODE such as IDJKT');
