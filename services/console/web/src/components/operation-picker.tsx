/** Chooses one of the agency's operations; the choice lives in the URL (`?op=`), so a reload keeps it. */
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'wouter';
import type { Operation } from '@concord/web-contracts/planning';
import { planning } from '../rpc/clients';

export function useChosenOperation(): [string, (id: string) => void] {
  const [params, setParams] = useSearchParams();
  return [params.get('op') ?? '', (id) => setParams({ op: id })];
}

export function OperationPicker({ value, onChange }: { readonly value: string; readonly onChange: (id: string) => void }) {
  const intl = useIntl();
  const [operations, setOperations] = useState<readonly Operation[]>([]);
  useEffect(() => {
    planning.listOperations({}).then(
      (response) => setOperations(response.operations),
      () => setOperations([]),
    );
  }, []);
  return (
    <div className="field">
      <label htmlFor="operation-picker">{intl.formatMessage({ id: 'operation.pick' })}</label>
      <select id="operation-picker" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{intl.formatMessage({ id: 'operation.pickNone' })}</option>
        {operations.map((operation) => (
          <option key={operation.id} value={operation.id}>
            {operation.name}
          </option>
        ))}
      </select>
    </div>
  );
}
