// Cronbach's α against psych::alpha (raw_alpha) and the formula in R (cronbach-alpha.json).
import { cronbachAlpha } from './cronbach-alpha.js';
import { StatisticsInputError } from './reasons.js';
import { expectClose, expectNullContract, loadFixture } from './spec-helpers.js';

interface AlphaCase { note: string; items: number[][]; alphaFormula: number; alphaPsych: number }
const fx = loadFixture<{ cases: AlphaCase[] }>('cronbach-alpha.json');

describe("Cronbach's alpha against R", () => {
  it.each(fx.cases.map((c) => [c.note, c] as const))('%s', (_note, c) => {
    const r = cronbachAlpha(c.items);
    expect([r.n, r.k]).toEqual([c.items.length, c.items[0]!.length]);
    expectClose(r.alpha, c.alphaFormula, 1e-9, 'formula');
    expectClose(r.alpha, c.alphaPsych, 1e-9, 'psych');
    expectNullContract(r);
  });

  it('includes a negative α', () => expect(fx.cases.some((c) => c.alphaFormula < 0)).toBe(true));
});

describe("Cronbach's alpha by hand and at the edges", () => {
  it('two items (1,2,3,4) and (2,2,4,3): var 5/3 and 11/12, total (3,4,7,7) var 4.25 -> α = 2·(1 − (31/12)/4.25)', () => {
    expectClose(cronbachAlpha([[1, 2], [2, 2], [3, 4], [4, 3]]).alpha, 2 * (1 - 31 / 12 / 4.25), 1e-12);
  });

  it('identical items give α = 1', () => {
    expectClose(cronbachAlpha([[0, 0, 0], [1, 1, 1], [3, 3, 3]]).alpha, 1, 1e-12);
  });

  it('fewer than 2 items, fewer than 2 respondents, zero total variance -> null with reason', () => {
    expect(cronbachAlpha([[1], [2], [3]])).toEqual({ k: 1, n: 3, alpha: null, reasons: { alpha: 'FEWER_THAN_2_ITEMS' } });
    expect(cronbachAlpha([[1, 2, 3]])).toEqual({ k: 3, n: 1, alpha: null, reasons: { alpha: 'FEWER_THAN_2_RESPONDENTS' } });
    expect(cronbachAlpha([])).toEqual({ k: 0, n: 0, alpha: null, reasons: { alpha: 'FEWER_THAN_2_ITEMS' } });
    // totals (3, 3, 3) although items vary
    expect(cronbachAlpha([[1, 2], [2, 1], [0, 3]])).toEqual({ k: 2, n: 3, alpha: null, reasons: { alpha: 'ZERO_TOTAL_VARIANCE' } });
  });

  it('rejects ragged rows and non-finite answers', () => {
    expect(() => cronbachAlpha([[1, 2], [1]])).toThrow(StatisticsInputError);
    expect(() => cronbachAlpha([[1, Number.NaN], [1, 2]])).toThrow(StatisticsInputError);
  });
});
