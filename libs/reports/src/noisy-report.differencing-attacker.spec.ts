import { parseEpsilon } from '../../anonymisation/src/index.js';
import { buildOutcomeReport, type OutcomeRecord } from './build-outcome-report.js';
import type { ReportDimension, ScaleInfo } from './report-request.js';

// SECURITY.md #25: an attacker who sees one noisy report and must tell whether a target client is
// in the data (neighbouring data sets D and D + target) wins with probability at most
// e^ε / (1 + e^ε) under ε-DP. The attacker here uses the most telling output, the noisy count of
// the target's cell, with the likelihood-ratio threshold halfway between n and n + 1. Without
// noise (the exact catalogue) the same attacker wins every time, which shows the test has teeth.

const SCALE: ScaleInfo = { key: 'RSES_TOTAL', min: 0, max: 30, higherIsBetter: true, mcid: null, publishedReliability: 0.88 };
const DIMENSIONS = ['HAIR_LOSS_TYPE', 'SEX', 'AGE_BAND', 'FITZPATRICK_TYPE', 'COUNTRY', 'AREAS_TREATED', 'INSURANCE_COVERAGE', 'TREATMENT_MONTH', 'CLINIC'] as const;

function person(i: number, baseline: number, followUp: number): OutcomeRecord {
  const attributes = Object.fromEntries(DIMENSIONS.map((d) => [d, 'X'])) as Record<ReportDimension, string>;
  attributes.SEX = 'MALE';
  return {
    clinicKey: 'Clinic A', subject: `s${i}`, timePoint: 'MONTH_3', baseline, followUp, baselineItems: null, followUpItems: null,
    eligible: true, attributes, areas: ['CROWN'], treatmentMonth: '2026-01', fitzpatrickType: 3,
  };
}

const domains = Object.fromEntries(DIMENSIONS.map((d) => [d, ['X']])) as unknown as Record<ReportDimension, readonly string[]>;
const base = Array.from({ length: 30 }, (_, i) => person(i, 10 + (i % 7), 15 + (i % 5)));
const withTarget = [...base, person(999, 0, 30)];

const noisyCount = (records: OutcomeRecord[], epsilon: string) =>
  buildOutcomeReport({
    scale: SCALE, records, timePoints: ['MONTH_3'], filters: { sexes: ['MALE'] }, groupBy: ['SEX'], k: 10,
    mode: { kind: 'NOISY', epsilon: parseEpsilon(epsilon) },
    domains: { ...domains, SEX: ['MALE'] },
  }).cells[0]!.noisy!.n;

describe('a differencing attacker against noisy reports', () => {
  it.each(['0.5', '1', '3'])('wins no more often than e^ε/(1+e^ε) at ε = %s (1,000 trials per data set)', (eps) => {
    const trials = 1000;
    let wins = 0;
    for (let t = 0; t < trials; t++) {
      if (noisyCount(base, eps) < base.length + 0.5) wins++; // guesses "absent"
      if (noisyCount(withTarget, eps) > base.length + 0.5) wins++; // guesses "present"
    }
    const rate = wins / (2 * trials);
    const bound = Math.exp(Number(eps)) / (1 + Math.exp(Number(eps)));
    // 4 standard errors of a proportion over 2,000 guesses, so a correct mechanism fails ~1 in 30,000 runs.
    const slack = 4 * Math.sqrt((bound * (1 - bound)) / (2 * trials));
    expect(rate).toBeLessThanOrEqual(bound + slack);
    // And the noise is not absurd: the attacker still learns something at ε = 3.
    if (eps === '3') expect(rate).toBeGreaterThan(0.5);
  });

  it('wins every time against exact figures (the threshold alone does not stop differencing)', () => {
    const exact = (records: OutcomeRecord[]) =>
      buildOutcomeReport({ scale: SCALE, records, timePoints: ['MONTH_3'], filters: {}, groupBy: [], k: 10, mode: { kind: 'EXACT' }, domains }).cells[0]!.n;
    expect(exact(withTarget)! - exact(base)!).toBe(1);
  });
});
