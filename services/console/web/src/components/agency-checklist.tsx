/** A group of agencies to tick, with a legend and the server's refusal of the whole list. */
import { useId } from 'react';

interface AgencyChecklistProps {
  readonly legend: string;
  readonly agencies: readonly string[];
  readonly value: readonly string[];
  readonly onChange: (value: readonly string[]) => void;
  readonly error?: string | undefined;
  readonly name: string;
}

export function AgencyChecklist({ legend, agencies, value, onChange, error, name }: AgencyChecklistProps) {
  const errorId = useId();
  const toggle = (agency: string, on: boolean) => onChange(on ? [...value, agency] : value.filter((id) => id !== agency));
  return (
    <fieldset className={error ? 'field field-invalid' : 'field'} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {agencies.map((agency) => (
        <label key={agency} className="check">
          <input type="checkbox" name={name} value={agency} checked={value.includes(agency)} onChange={(event) => toggle(agency, event.target.checked)} />
          {agency}
        </label>
      ))}
      {error ? (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
