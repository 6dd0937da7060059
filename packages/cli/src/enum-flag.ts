/** A CLI flag that names a value of a generated proto enum in kebab case ("vessel-interdiction"). */
import { kebabNames, protoEnum } from '@concord/contracts';
import { ConcordError } from '@concord/errors';

export function enumFlag(generated: Record<string, string | number>, prefix: string) {
  const names = kebabNames(generated, prefix);
  const mapping = protoEnum(generated, prefix, names);
  return {
    names,
    help: names.join(', '),
    parse(flag: string, value: string): number {
      if (!names.includes(value)) throw ConcordError.invalid([{ path: flag, message: `"${value}" is not one of ${names.join(', ')}` }]);
      return mapping.toProto(value);
    },
    name: (value: number) => mapping.fromProto(value) ?? 'unspecified',
  };
}
