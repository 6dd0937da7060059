import { describe, expect, it } from 'vitest';
import { normaliseIdentifier } from './identifiers.js';

const value = (...args: Parameters<typeof normaliseIdentifier>) => {
  const result = normaliseIdentifier(...args);
  return result.ok ? result.value : `error: ${result.violation.message}`;
};

describe('normalising identifiers', () => {
  it('reads the same target written differently as one', () => {
    expect(value('vessel-imo', 'IMO 9074729')).toBe('9074729');
    expect(value('vessel-imo', '9074729')).toBe('9074729');
    expect(value('vessel-mmsi', '525 012 345')).toBe('525012345');
    expect(value('passport', 'idn: a 123-4567')).toBe('IDN:A1234567');
    expect(value('phone', '0812 3456 7890', 'ID')).toBe('+6281234567890');
    expect(value('phone', '+62 812-3456-7890', 'TH')).toBe('+6281234567890');
    expect(value('name-dob', 'Santoso, Budi | 1985-03-02')).toBe(value('name-dob', 'BUDI  SANTOSO|1985-03-02'));
    expect(value('name-dob', 'José Müller | 1990-01-31')).toBe('JOSE MULLER|1990-01-31');
    expect(value('place', 'id jkt')).toBe('IDJKT');
  });

  it('refuses what cannot be a target, saying why', () => {
    expect(value('vessel-imo', 'IMO 9074728')).toBe('error: is not a valid IMO number (its check digit is wrong)');
    expect(value('vessel-mmsi', '1234')).toBe('error: an MMSI is 9 digits');
    expect(value('phone', '12')).toMatch(/^error: is not a valid phone number/);
    expect(value('name-dob', 'Budi Santoso 1985-02-30')).toMatch(/^error: give a name and a date of birth/);
    expect(value('name-dob', 'Budi | 1985-02-30')).toMatch(/^error: give a name and a date of birth/);
    expect(value('place', 'Jakarta')).toBe('error: a place is a UN/LOCODE, for example IDJKT');
  });
});
