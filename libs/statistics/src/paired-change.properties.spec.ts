// Properties over random samples: the null contract always holds (no NaN/Infinity, a reason for
// every null), the result does not depend on the order of clients, and counts add up.
import fc from 'fast-check';
import { pairedChange } from './paired-change.js';
import { expectNullContract } from './spec-helpers.js';

const score = fc.integer({ min: 0, max: 120 }).map((x) => x / 4); // 0..30 in steps of 0.25
const pairs = fc.array(fc.record({ baseline: score, followUp: score }), { minLength: 0, maxLength: 60 });
const opts = fc.record({
  higherIsBetter: fc.boolean(),
  mcid: fc.option(fc.constantFrom(0.5, 2, 3), { nil: null }),
  reliability: fc.option(fc.constantFrom(-0.2, 0, 0.7, 0.9, 1), { nil: null }),
});

describe('pairedChange properties', () => {
  it('never yields NaN or Infinity, and every null has its reason', () => {
    fc.assert(fc.property(pairs, opts, (p, o) => {
      expectNullContract(pairedChange(p, o));
    }), { numRuns: 300 });
  });

  it('does not depend on the order of the clients', () => {
    fc.assert(fc.property(pairs, opts, (p, o) => {
      const a = pairedChange(p, o);
      const b = pairedChange([...p].reverse(), o);
      expect(b.wilcoxon).toEqual(a.wilcoxon);
      expect(b.change.median).toBe(a.change.median);
      expect(b.mcid).toEqual(a.mcid);
      if (a.meanChange !== null) expect(Math.abs(b.meanChange! - a.meanChange)).toBeLessThan(1e-12);
    }), { numRuns: 200 });
  });

  it('p-values stay in [0, 1] and the CI contains the mean', () => {
    fc.assert(fc.property(pairs, opts, (p, o) => {
      const r = pairedChange(p, o);
      for (const pv of [r.tPValue, r.wilcoxon.pValue]) if (pv !== null) expect(pv >= 0 && pv <= 1).toBe(true);
      if (r.ciLower !== null) expect(r.ciLower <= r.meanChange! && r.meanChange! <= r.ciUpper!).toBe(true);
    }), { numRuns: 200 });
  });
});
