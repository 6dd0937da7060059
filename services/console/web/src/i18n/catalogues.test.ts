import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { ActionKind, ActionStatus, OperationStatus, ResponseKind } from '@concord/web-contracts/planning';
import { catalogues } from './catalogues';
import { locales } from './locales';

const english = catalogues.en;
const ids = Object.keys(english).sort();

/** The names of a message's arguments, nested plural and select branches included. */
function argumentsOf(elements: readonly MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if (element.type === TYPE.tag) {
      argumentsOf(element.children, into);
      continue;
    }
    into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the catalogues', () => {
  it.each(locales)('%s has every key English has, and no other', (locale) => {
    expect(Object.keys(catalogues[locale]).sort()).toEqual(ids);
  });

  it.each(locales)('every %s message is ICU with the same arguments as English', (locale) => {
    for (const id of ids) {
      const message = catalogues[locale][id as keyof typeof english];
      expect(message.trim(), `${locale} ${id}`).not.toBe('');
      expect([...argumentsOf(parse(message))].sort(), `${locale} ${id}`).toEqual([...argumentsOf(parse(english[id as keyof typeof english]))].sort());
    }
  });

  it('names every value of the enums the views show, and every language', () => {
    const enums: ReadonlyArray<readonly [string, Record<string, string | number>]> = [
      ['operation.status', OperationStatus],
      ['response.kind', ResponseKind],
      ['action.kind', ActionKind],
      ['action.status', ActionStatus],
    ];
    const needed = [...enums.flatMap(([prefix, values]) => Object.keys(values).filter((name) => Number.isNaN(Number(name))).map((name) => `${prefix}.${name}`)), ...locales.map((locale) => `language.${locale}`)];
    expect(needed.filter((id) => !(id in english))).toEqual([]);
  });

  it('holds every message id the components name', () => {
    const named = sourceFiles(join(import.meta.dirname, '..')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\b(?:id|label)(?:=|: )['"]([a-z]+\.[A-Za-z.]+)['"]/g)].map((match) => match[1]!),
    );
    expect(named.length).toBeGreaterThan(50);
    expect([...new Set(named)].filter((id) => !(id in english))).toEqual([]);
  });
});
