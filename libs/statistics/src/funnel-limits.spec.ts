// Funnel limits: pooled ± z·σ/√n, z = qnorm(0.975) and qnorm(0.999), σ = pooled within-clinic SD
// of change (R by hand in dersimonian-laird.three-clinics.json).
import { FUNNEL_Z_95, FUNNEL_Z_998, clinicFunnel, funnelLimits, pooledWithinClinicSd } from './funnel.js';
import { loadDl } from './dl-fixture.spec-helper.js';
import { StatisticsInputError } from './reasons.js';
import { TOL, expectClose, expectNullContract } from './spec-helpers.js';

const fx = loadDl('dersimonian-laird.three-clinics.json');

describe('funnel limits', () => {
  it('z values: qnorm(0.975) = 1.959963984540054, qnorm(0.999) = 3.0902323061678132 (R)', () => {
    expect(Math.abs(FUNNEL_Z_95 / 1.959963984540054 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(FUNNEL_Z_998 / 3.0902323061678132 - 1)).toBeLessThan(1e-15);
  });

  it('σ is the pooled within-clinic SD over clinics with n ≥ 2 (the SD-0 clinic counts, the single client does not)', () => {
    const s = pooledWithinClinicSd(fx.clinics);
    expectClose(s.sd, fx.expected.sigma, TOL, 'sigma');
    expect(s.df).toBe(17 + 24 + 11 + 2);
  });

  it('per-n limits match R', () => {
    const limits = funnelLimits(fx.expected.estimate, fx.expected.sigma, fx.expected.funnel.map((f) => f.n));
    limits.forEach((l, i) => {
      const e = fx.expected.funnel[i]!;
      for (const k of ['lower95', 'upper95', 'lower998', 'upper998'] as const) expectClose(l[k], e[k], TOL, `${e.clinicKey}.${k}`);
    });
  });

  it('clinicFunnel: one point per clinic, centred on the DL estimate, flags outside the limits', () => {
    const f = clinicFunnel(fx.clinics);
    expectClose(f.center, fx.expected.estimate, TOL, 'center');
    expectClose(f.sigma, fx.expected.sigma, TOL, 'sigma');
    expect(f.excludedFromPooling.map((c) => c.clinicKey)).toEqual(['D', 'E']);
    expect(f.points.map((p) => p.clinicKey)).toEqual(['A', 'B', 'C', 'D', 'E']);
    f.points.forEach((p, i) => {
      const e = fx.expected.funnel[i]!;
      expect(p.n).toBe(e.n);
      expectClose(p.lower95, e.lower95, TOL, `${p.clinicKey}.lower95`);
      expectClose(p.upper998, e.upper998, TOL, `${p.clinicKey}.upper998`);
      expect(p.outside95).toBe(p.meanChange! < e.lower95 || p.meanChange! > e.upper95);
    });
    // B (mean 5.72) lies above its 99.8 % limit 3.68
    expect(f.points[1]!.outside998).toBe(true);
    expectNullContract(f);
  });

  it('a single clinic of one client: no σ, so points carry no limits (N_LT_2)', () => {
    const f = clinicFunnel([{ clinicKey: 'solo', changes: [3] }]);
    expect(f.points[0]!.meanChange).toBe(3);
    expect(f.points[0]!.lower95).toBeNull();
    expect(f.points[0]!.reasons.lower95).toBe('NO_STUDIES');
    expect(f.reasons).toEqual({ center: 'NO_STUDIES', sigma: 'N_LT_2' });
    expectNullContract(f);
  });

  it('rejects σ ≤ 0 and n that is not a positive integer', () => {
    expect(() => funnelLimits(0, 0, [5])).toThrow(StatisticsInputError);
    expect(() => funnelLimits(0, 1, [0])).toThrow(StatisticsInputError);
    expect(() => funnelLimits(0, 1, [2.5])).toThrow(StatisticsInputError);
  });
});
