// Q < df: τ² is truncated at 0, I² = 0, and the pooled estimate is the fixed-effect one.
import { clinicEffects, derSimonianLaird } from './meta-analysis.js';
import { loadDl } from './dl-fixture.spec-helper.js';
import { P_TOL, TOL, expectClose } from './spec-helpers.js';

const fx = loadDl('dersimonian-laird.homogeneous.json');

describe('DerSimonian–Laird without heterogeneity', () => {
  const r = derSimonianLaird(clinicEffects(fx.clinics).included);

  it('τ² = 0 and I² = 0 because Q < df', () => {
    expect(r.q!).toBeLessThan(r.df!);
    expect([r.tau2, r.i2]).toEqual([0, 0]);
  });

  it('matches R (formula and metafor)', () => {
    for (const k of ['estimate', 'se', 'ciLower', 'ciUpper', 'zStatistic', 'q'] as const) {
      expectClose(r[k], fx.expected[k], TOL, k);
      expectClose(r[k], fx.expected.metafor[k], TOL, `metafor ${k}`);
    }
    expectClose(r.pValue, fx.expected.pValue, P_TOL, 'pValue');
    expectClose(r.qPValue, fx.expected.qPValue, P_TOL, 'qPValue');
  });

  it('identical effects: Q = 0 and I² = 0 (not 0/0)', () => {
    const same = derSimonianLaird([{ effect: 2, variance: 0.5 }, { effect: 2, variance: 0.25 }]);
    expect([same.q, same.i2, same.tau2, same.estimate]).toEqual([0, 0, 0, 2]);
  });
});
