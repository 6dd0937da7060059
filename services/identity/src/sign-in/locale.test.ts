import { describe, expect, it } from 'vitest';
import { pickLocale, translator } from './locale.js';
import { catalogues, en } from './messages.js';

describe('the sign-in page language', () => {
  it('takes the first language of ui_locales it speaks, by its language part, and English otherwise', () => {
    expect(pickLocale('id-ID en')).toBe('id');
    expect(pickLocale('fr-FR th')).toBe('th');
    expect(pickLocale('fr de')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
    expect(pickLocale(['th'])).toBe('en');
  });

  it('has every message in every language, each a valid ICU message that fills in the agency', () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      expect(Object.keys(catalogue).sort(), locale).toEqual(Object.keys(en).sort());
      const t = translator(locale as keyof typeof catalogues);
      for (const key of Object.keys(en) as Array<keyof typeof en>) expect(t(key, { agency: 'ID' }), `${locale}.${key}`).not.toContain('{');
      expect(t('title', { agency: 'ID' })).toContain('ID');
    }
  });
});
