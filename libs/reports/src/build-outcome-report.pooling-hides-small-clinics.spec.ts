// Random-effects pooling in a researcher report takes the clinics that may be shown on their own
// as studies and every other clinic together as one OTHER_CLINICS study: the pooled estimate, τ²
// and Q then say nothing that a by-clinic table (which shows OTHER_CLINICS) would not. k = 10.
import { derSimonianLaird } from '../../statistics/src/index.js';
import { buildOutcomeReport } from './build-outcome-report.js';
import { input, rec } from './report-fixture.spec-helper.js';

const clinic = (name: string, changes: number[]) => changes.map((d, i) => rec({ clinic: name, baseline: 10, followUp: 10 + d }));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const varOf = (xs: number[]) => xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1);

describe('pooling across clinics in a researcher report', () => {
  const big1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const big2 = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5];
  const small1 = [9, 9, 8, 7, 8, 9];
  const small2 = [-2, -1, 0, 1, -3];
  const report = buildOutcomeReport(input({
    records: [...clinic('Clinic 01', big1), ...clinic('Clinic 02', big2), ...clinic('Clinic 03', small1), ...clinic('Clinic 04', small2)],
  }));
  const t = report.timePoints[0]!;

  it('pools the two shown clinics and the two small ones as a single study', () => {
    const other = [...small1, ...small2];
    const studies = [big1, big2, other].map((xs) => ({ effect: mean(xs), variance: varOf(xs) / xs.length }));
    const expected = derSimonianLaird(studies);
    expect(t.pooled!.clinicsPooled).toBe(3);
    expect(t.pooled!.estimate).toBeCloseTo(expected.estimate!, 12);
    expect(t.pooled!.tau2).toBeCloseTo(expected.tau2!, 12);
    expect(t.pooled!.q).toBeCloseTo(expected.q!, 12);
  });

  it('shows funnel points only for the shown clinics, never for the small ones or the group', () => {
    expect(t.funnel.map((p) => p.clinicKey).sort()).toEqual(['Clinic 01', 'Clinic 02']);
  });
});
