// One clinic, no clinic, and clinics too small to pool.
import { StatisticsInputError } from './reasons.js';
import { clinicEffects, derSimonianLaird } from './meta-analysis.js';
import { expectClose, expectNullContract } from './spec-helpers.js';

describe('DerSimonian–Laird at the edges', () => {
  it('a single clinic: estimate = its mean, SE = √v; τ², I² and the Q test are not estimable (SINGLE_STUDY)', () => {
    // changes (1, 3, 5, 7): mean 4, SD² = (9 + 1 + 1 + 9)/3 = 20/3, v = 20/3/4 = 5/3
    const { included } = clinicEffects([{ clinicKey: 'only', changes: [1, 3, 5, 7] }]);
    const r = derSimonianLaird(included);
    expect([r.k, r.estimate, r.q, r.df]).toEqual([1, 4, 0, 0]);
    expectClose(r.se, Math.sqrt(5 / 3), 1e-12);
    // z = Φ⁻¹(0.975) = 1.959963984540054 (R qnorm)
    expectClose(r.ciLower, 4 - 1.959963984540054 * Math.sqrt(5 / 3), 1e-12);
    expect(r.reasons).toEqual({ tau2: 'SINGLE_STUDY', qPValue: 'SINGLE_STUDY', i2: 'SINGLE_STUDY' });
    expect(r.weights).toEqual([1]);
    expectNullContract(r);
  });

  it('no clinic left: every statistic null (NO_STUDIES)', () => {
    const r = derSimonianLaird([]);
    expect(r.k).toBe(0);
    expect(r.estimate).toBeNull();
    expect(new Set(Object.values(r.reasons))).toEqual(new Set(['NO_STUDIES']));
    expectNullContract(r);
  });

  it('a clinic with one client, and one with none, are excluded with their reason', () => {
    expect(clinicEffects([
      { clinicKey: 'one', changes: [4] },
      { clinicKey: 'none', changes: [] },
    ])).toEqual({
      included: [],
      excluded: [
        { clinicKey: 'one', n: 1, reason: 'N_LT_2' },
        { clinicKey: 'none', n: 0, reason: 'EMPTY' },
      ],
    });
  });

  it('rejects variances ≤ 0 or non-finite input', () => {
    expect(() => derSimonianLaird([{ effect: 1, variance: 0 }])).toThrow(StatisticsInputError);
    expect(() => derSimonianLaird([{ effect: Number.NaN, variance: 1 }])).toThrow(StatisticsInputError);
    expect(() => clinicEffects([{ clinicKey: 'x', changes: [1, Infinity] }])).toThrow(StatisticsInputError);
  });
});
