import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idField, listField, textField } from './bounded-fields.js';

const problems = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('bounded request fields', () => {
  it('take ids of letters, digits, dashes and underscores only, one problem per field', () => {
    const id = idField('an operation id');
    expect(problems(id, 'f47ac10b-58cc-4372-a567-0e02b2c3d479')).toEqual([]);
    for (const bad of ['a b', 'a*', 'a.>', 'x..y', '\ufffd', 'o'.repeat(65)]) expect(problems(id, bad)).toEqual([': must be an operation id: 1 to 64 letters, digits, dashes or underscores']);
    expect(problems(id, '')).toEqual([': is required']);
    expect(problems(idField('an id', { optional: true }), '')).toEqual([]);
  });

  it('take texts without control characters or undecodable bytes, trimmed', () => {
    expect(textField({ max: 10 }).parse('  Coral ')).toBe('Coral');
    expect(problems(textField({ max: 10 }), 'a\u0000b')).toEqual([': must be one line without control characters']);
    expect(problems(textField({ max: 10 }), 'a\nb')).toEqual([': must be one line without control characters']);
    expect(problems(textField({ max: 10, multiline: true }), 'a\nb\tc')).toEqual([]);
    expect(problems(textField({ max: 10, multiline: true }), 'a\u009bb')).toEqual([': must not contain control characters']);
    expect(problems(textField({ max: 10 }), '\ufffd')).toEqual([': must be UTF-8 text']);
    expect(problems(textField({ max: 10, required: 'is required' }), '   ')).toEqual([': is required']);
    expect(problems(textField({ max: 10 }), 'x'.repeat(11))).toEqual([': must be at most 10 characters']);
  });

  it('bound a list before reading its elements, and refuse the second copy of an element', () => {
    const list = listField(z.string().regex(/^[A-Z]{2}$/), { max: 64, unique: true, required: 'is required' });
    expect(problems(list, Array(100_000).fill('not an id'))).toEqual([': must list at most 64']);
    expect(problems(list, ['AU', 'ID', 'AU'])).toEqual(['2: is listed twice']);
    expect(problems(list, [])).toEqual([': is required']);
  });
});
