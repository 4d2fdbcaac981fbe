// Test-only: compares a pairedChange result with an R fixture written by make-reference.R.
// Throws instead of using Jest's expect: files not named *.spec.ts are also type-checked by the
// build (tsconfig.build.json), which has no Jest types.
import type { DescriptiveSummary } from './descriptive.js';
import type { PairedChangeResult, PairedObservation } from './paired-change.js';
import { P_TOL, TOL, expectClose, expectRelClose, expectSame } from './spec-helpers.js';

interface RSummary { n: number; mean: number; sd: number; median: number; q1: number; q3: number; iqr: number }

export interface PairedFixture {
  note: string;
  input: { pairs: PairedObservation[]; higherIsBetter: boolean; mcid: number; reliability: number };
  expected: {
    n: number; baseline: RSummary; followUp: RSummary; change: RSummary;
    meanChange: number; sdChange: number; df: number; ciLower: number; ciUpper: number;
    tStatistic: number; tPValue: number; cohenDz: number; hedgesG: number;
    wilcoxon: { nNonZero: number; nZero: number; ties: boolean; statistic: number; pValue: number; method: string };
    reliableChange: { seDiff: number; nImproved: number; nUnchanged: number; nDeteriorated: number };
    mcid: { nReached: number; proportionReached: number };
  };
}

function expectSummary(actual: DescriptiveSummary, expected: RSummary, label: string): void {
  expectSame(actual.n, expected.n, `${label}.n`);
  for (const k of ['mean', 'sd', 'median', 'q1', 'q3', 'iqr'] as const) expectClose(actual[k], expected[k], TOL, `${label}.${k}`);
}

export function expectMatchesR(result: PairedChangeResult, fx: PairedFixture): void {
  const e = fx.expected;
  expectSame(result.n, e.n, 'n');
  expectSummary(result.baseline, e.baseline, 'baseline');
  expectSummary(result.followUp, e.followUp, 'followUp');
  expectSummary(result.change, e.change, 'change');
  for (const k of ['meanChange', 'sdChange', 'ciLower', 'ciUpper', 'tStatistic', 'cohenDz', 'hedgesG'] as const) {
    expectClose(result[k], e[k], TOL, k);
  }
  expectSame(result.df, e.df, 'df');
  expectRelClose(result.tPValue, e.tPValue, P_TOL, 'tPValue');
  const w = result.wilcoxon;
  expectSame(
    { nNonZero: w.nNonZero, nZero: w.nZero, ties: w.ties, statistic: w.statistic, method: w.method },
    { nNonZero: e.wilcoxon.nNonZero, nZero: e.wilcoxon.nZero, ties: e.wilcoxon.ties, statistic: e.wilcoxon.statistic, method: e.wilcoxon.method },
    'wilcoxon',
  );
  expectRelClose(w.pValue, e.wilcoxon.pValue, P_TOL, 'wilcoxon.pValue');
  expectClose(result.reliableChange.seDiff, e.reliableChange.seDiff, TOL, 'seDiff');
  const rc = result.reliableChange;
  expectSame([rc.nImproved, rc.nUnchanged, rc.nDeteriorated],
    [e.reliableChange.nImproved, e.reliableChange.nUnchanged, e.reliableChange.nDeteriorated], 'reliable change counts');
  expectSame(result.mcid.nReached, e.mcid.nReached, 'mcid.nReached');
  expectClose(result.mcid.proportionReached, e.mcid.proportionReached, TOL, 'mcid.proportionReached');
}
