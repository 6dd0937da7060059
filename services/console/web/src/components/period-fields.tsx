/** A start and an end typed as wall times in the chosen zone, each with the server's refusal beside it. */
import { useIntl } from 'react-intl';
import { useZone } from '../time/zone-provider';
import { Field } from './field';

export interface PeriodInput {
  readonly start: string;
  readonly end: string;
}

interface PeriodFieldsProps {
  readonly value: PeriodInput;
  readonly onChange: (value: PeriodInput) => void;
  /** The proto path of the period (`period`, `window`, `counter_period`): refusals name its fields. */
  readonly path: string;
  readonly fieldError: (path: string) => string | undefined;
  readonly name: string;
}

const ends = ['start', 'end'] as const;

export function PeriodFields({ value, onChange, path, fieldError, name }: PeriodFieldsProps) {
  const intl = useIntl();
  const { zone } = useZone();
  const hint = intl.formatMessage({ id: 'period.zoneHint' }, { zone });
  return (
    <>
      {ends.map((end) => (
        <Field key={end} label={intl.formatMessage({ id: `period.${end}` })} hint={hint} error={fieldError(`${path}.${end}`) ?? (end === 'start' ? fieldError(path) : undefined)}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name={`${name}-${end}`}
              type="datetime-local"
              required
              value={value[end]}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(event) => onChange({ ...value, [end]: event.target.value })}
            />
          )}
        </Field>
      ))}
    </>
  );
}
