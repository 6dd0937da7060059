import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlertKind, FeedbackKind, ForwardStatus, InformationCredibility, SourceReliability, TlpLabel } from '@concord/web-contracts/intel';
import { catalogues } from '../../i18n/catalogues';
import { commonInputs, detailInputs } from './compose-content';
import { credibilityDigit } from './credibility-digit';
import { remainingParts } from './remaining-parts';

const names = (values: Record<string, string | number>) => Object.keys(values).filter((name) => Number.isNaN(Number(name)));

describe('the Alerts view messages', () => {
  it('name every value of the enums the view shows', () => {
    const needed = [
      ...names(TlpLabel).flatMap((name) => [`alerts.tlp.${name}`, `alerts.tlpMeaning.${name}`]),
      ...names(AlertKind).map((name) => `alerts.kind.${name}`),
      ...names(SourceReliability).map((name) => `alerts.source.${name}`),
      ...Object.values(InformationCredibility)
        .filter((value) => typeof value === 'number')
        .map((value) => `alerts.credibility.${credibilityDigit(value)}`),
      ...names(FeedbackKind).map((name) => `alerts.feedbackKind.${name}`),
      ...names(ForwardStatus).map((name) => `alerts.forwardStatus.${name}`),
      ...[...commonInputs, ...Object.values(detailInputs).flat()].map(([name]) => `alerts.field.${name}`),
    ];
    expect(needed.filter((id) => !(id in catalogues.en))).toEqual([]);
  });

  it('hold every alerts.* id the view names in its code', () => {
    const dir = import.meta.dirname;
    const named = readdirSync(dir)
      .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'))
      .flatMap((file) => [...readFileSync(`${dir}/${file}`, 'utf8').matchAll(/'(alerts\.[A-Za-z.]+[A-Za-z])'/g)].map((match) => match[1]!));
    expect(named.length).toBeGreaterThan(40);
    expect([...new Set(named)].filter((id) => !(id in catalogues.en))).toEqual([]);
  });
});

describe('remainingParts', () => {
  const minute = 60_000;
  it('gives the two largest units left', () => {
    expect(remainingParts(30 * 24 * 60 * minute - 1000)).toEqual([
      ['day', 29],
      ['hour', 23],
    ]);
    expect(remainingParts(4 * minute + 10_500)).toEqual([
      ['minute', 4],
      ['second', 10],
    ]);
  });

  it('counts down to zero seconds, never below', () => {
    expect(remainingParts(0)).toEqual([['second', 0]]);
  });
});
