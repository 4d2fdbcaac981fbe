// Invalid input is a caller bug and throws; it never yields NaN.
import { oneSampleT, pairedChange } from './paired-change.js';
import { StatisticsInputError } from './reasons.js';

const ok = { higherIsBetter: true, mcid: 2, reliability: 0.8 };
const pairs = [{ baseline: 1, followUp: 2 }, { baseline: 3, followUp: 5 }];

describe('pairedChange input checks', () => {
  it.each([
    ['NaN baseline', [{ baseline: Number.NaN, followUp: 2 }], ok],
    ['infinite follow-up', [{ baseline: 1, followUp: Infinity }], ok],
    ['reliability above 1', pairs, { ...ok, reliability: 1.2 }],
    ['NaN reliability', pairs, { ...ok, reliability: Number.NaN }],
    ['MCID 0', pairs, { ...ok, mcid: 0 }],
    ['negative MCID', pairs, { ...ok, mcid: -1 }],
    ['alpha 0', pairs, { ...ok, alpha: 0 }],
    ['alpha 1', pairs, { ...ok, alpha: 1 }],
  ])('%s throws StatisticsInputError', (_label, p, o) => {
    expect(() => pairedChange(p as never, o as never)).toThrow(StatisticsInputError);
  });

  it('missing higherIsBetter throws', () => {
    expect(() => pairedChange(pairs, { mcid: null, reliability: null } as never)).toThrow(StatisticsInputError);
  });

  it('oneSampleT rejects non-finite differences', () => {
    expect(() => oneSampleT([1, Number.NaN])).toThrow(StatisticsInputError);
  });

  it('alpha = 0.1 gives a 90 % CI: 4.5 ∓ qt(0.95, 1)·1.5, qt(0.95, 1) = 6.3137515146750376 (R)', () => {
    const r = pairedChange([{ baseline: 10, followUp: 13 }, { baseline: 14, followUp: 20 }], { ...ok, alpha: 0.1 });
    expect(r.confidenceLevel).toBeCloseTo(0.9, 15);
    expect(Math.abs(r.ciUpper! - (4.5 + 6.3137515146750376 * 1.5))).toBeLessThan(1e-12);
  });
});
