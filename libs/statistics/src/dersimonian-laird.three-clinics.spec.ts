// Three clinics with real heterogeneity (τ² > 0) plus two that must not enter:
// D has one client (N_LT_2), E has SD(d) = 0 (ZERO_VARIANCE).
import { clinicEffects, derSimonianLaird } from './meta-analysis.js';
import { type DlFixture, loadDl } from './dl-fixture.spec-helper.js';
import { P_TOL, TOL, expectClose, expectNullContract } from './spec-helpers.js';

const fx: DlFixture = loadDl('dersimonian-laird.three-clinics.json');

describe('DerSimonian–Laird, three clinics', () => {
  const { included, excluded } = clinicEffects(fx.clinics);
  const r = derSimonianLaird(included);

  it('includes A, B, C with effect = mean change and variance = SD²/n; excludes D and E with reasons', () => {
    expect(included.map((c) => c.clinicKey)).toEqual(fx.expected.included);
    included.forEach((c, i) => {
      expectClose(c.effect, fx.expected.effects[i]!, TOL, `effect ${c.clinicKey}`);
      expectClose(c.variance, fx.expected.variances[i]!, TOL, `variance ${c.clinicKey}`);
    });
    expect(excluded).toEqual([
      { clinicKey: 'D', n: 1, reason: 'N_LT_2' },
      { clinicKey: 'E', n: 3, reason: 'ZERO_VARIANCE' },
    ]);
  });

  it('matches the formula computed in R', () => {
    const e = fx.expected;
    expect([r.k, r.df]).toEqual([3, 2]);
    for (const k of ['estimate', 'se', 'ciLower', 'ciUpper', 'zStatistic', 'tau2', 'q', 'i2'] as const) expectClose(r[k], e[k], TOL, k);
    expectClose(r.pValue, e.pValue, P_TOL, 'pValue');
    expectClose(r.qPValue, e.qPValue, P_TOL, 'qPValue');
    r.weights.forEach((w, i) => expectClose(w, e.weights[i]!, TOL, `weight ${i}`));
  });

  it('matches metafor::rma(method = "DL") (I² there in percent)', () => {
    const m = fx.expected.metafor;
    for (const k of ['estimate', 'se', 'ciLower', 'ciUpper', 'zStatistic', 'tau2', 'q'] as const) expectClose(r[k], m[k], TOL, k);
    expectClose(r.pValue, m.pValue, P_TOL, 'pValue');
    expectClose(r.i2! * 100, m.i2Percent, 1e-7, 'I²');
    expect(r.tau2!).toBeGreaterThan(0);
  });

  it('the heterogeneity p is tiny (2.5e-12) and matches R in absolute terms', () => {
    expect(Math.abs(r.qPValue! - fx.expected.qPValue)).toBeLessThan(1e-15);
  });

  it('keeps the null contract', () => expectNullContract(r));
});
