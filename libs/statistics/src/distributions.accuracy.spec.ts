// PRODUCT.md: t and normal quantiles and tails accurate to 1e-12 relative. References: 60-digit
// mpmath (make-distribution-reference.py) and R 4.2.2 (make-reference.R). Results below 1e-300
// (subnormal doubles) cannot carry 1e-12 relative accuracy and are not in the fixtures.
import {
  chiSquareUpperTail, normalCdf, normalQuantile, normalTwoSidedP, tCdf, tQuantile, tTwoSidedP,
} from './distributions.js';
import { StatisticsInputError } from './reasons.js';
import { loadFixture } from './spec-helpers.js';

interface QuantileRow { p: number; df?: number; value: string }
interface CdfRow { x: number; df?: number; value: string }
interface DistFixture { tQuantile: QuantileRow[]; tCdf: CdfRow[]; normalQuantile: QuantileRow[]; normalCdf: CdfRow[] }

const REL = 1e-12;
const mp = loadFixture<DistFixture>('distributions.json');
const r = loadFixture<DistFixture>('distributions.r.json');

function worstRelativeError<T extends { value: string }>(rows: T[], f: (row: T) => number): { worst: number; at: T | null } {
  let worst = 0;
  let at: T | null = null;
  for (const row of rows) {
    const expected = Number(row.value);
    const actual = f(row);
    let err = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
    if (Number.isNaN(err)) err = Infinity;
    if (err > worst) { worst = err; at = row; }
  }
  return { worst, at };
}

describe.each([
  ['mpmath', mp],
  ['R', r],
])('distribution functions against %s', (_name, fx) => {
  it('t quantile within 1e-12 relative', () => {
    const { worst, at } = worstRelativeError(fx.tQuantile, (row) => tQuantile(row.p, row.df!));
    expect({ worst: worst < REL, at: worst < REL ? null : at }).toEqual({ worst: true, at: null });
  });
  it('t CDF within 1e-12 relative', () => {
    const { worst, at } = worstRelativeError(fx.tCdf, (row) => tCdf(row.x, row.df!));
    expect({ worst: worst < REL, at: worst < REL ? null : at }).toEqual({ worst: true, at: null });
  });
  it('normal quantile within 1e-12 relative (including far tails, where @stdlib alone is off)', () => {
    const { worst, at } = worstRelativeError(fx.normalQuantile, (row) => normalQuantile(row.p));
    expect({ worst: worst < REL, at: worst < REL ? null : at }).toEqual({ worst: true, at: null });
  });
  it('normal CDF within 1e-12 relative', () => {
    const { worst, at } = worstRelativeError(fx.normalCdf, (row) => normalCdf(row.x));
    expect({ worst: worst < REL, at: worst < REL ? null : at }).toEqual({ worst: true, at: null });
  });
});

describe('distribution helpers', () => {
  it('fixtures cover the values the statistics use', () => {
    const has = (p: number, df?: number) => mp.tQuantile.some((row) => row.p === p && row.df === df);
    expect([has(0.975, 1), has(0.975, 10), has(0.975, 29)]).toEqual([true, true, true]);
    expect(mp.normalQuantile.some((row) => row.p === 0.999)).toBe(true);
  });

  it('two-sided p from the lower tail: 2·pt(−2, 5), 2·pnorm(−1.96)', () => {
    // R: 2 * pt(-2, 5) = 0.10193947882985835; 2 * pnorm(-1.96) = 0.049995790296440857
    expect(Math.abs(tTwoSidedP(2, 5) / 0.10193947882985835 - 1)).toBeLessThan(REL);
    expect(Math.abs(tTwoSidedP(-2, 5) / 0.10193947882985835 - 1)).toBeLessThan(REL);
    expect(Math.abs(normalTwoSidedP(1.96) / 0.049995790296440857 - 1)).toBeLessThan(REL);
    expect(tTwoSidedP(0, 3)).toBe(1);
    expect(normalTwoSidedP(0)).toBe(1);
  });

  it('chi-square upper tail: R pchisq(5.991464547107979, 2, lower = FALSE) = 0.05; exp(−x/2) for df 2', () => {
    expect(Math.abs(chiSquareUpperTail(5.991464547107979, 2) - 0.05)).toBeLessThan(1e-15);
    expect(Math.abs(chiSquareUpperTail(10, 2) - Math.exp(-5))).toBeLessThan(1e-15);
    expect(chiSquareUpperTail(0, 4)).toBe(1);
  });

  it('rejects arguments outside the domain instead of returning NaN or ±Infinity', () => {
    for (const bad of [0, 1, -0.1, 1.5, Number.NaN]) {
      expect(() => tQuantile(bad, 5)).toThrow(StatisticsInputError);
      expect(() => normalQuantile(bad)).toThrow(StatisticsInputError);
    }
    for (const df of [0, -1, Number.NaN, Infinity]) expect(() => tCdf(1, df)).toThrow(StatisticsInputError);
    expect(() => normalCdf(Number.NaN)).toThrow(StatisticsInputError);
  });
});
