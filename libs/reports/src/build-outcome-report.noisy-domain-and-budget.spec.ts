// Noisy mode, structure and ε accounting (PRODUCT.md: DP with a per-period budget; SECURITY.md #26):
// - cells are the whole domain of the groupings (empty groups too), so a cell's presence says nothing;
// - ε is split evenly over the T time points (sequential composition: the same client is in each)
//   and over 3 means per cell (change, baseline, follow-up); cells of one time point partition the
//   clients (parallel composition). Spent = floor(ε / T / 3) · 3 · T milli-ε, worked out by hand below;
// - n is an integer noisy count; a cell whose noisy n < k shows no means (NOISY_COUNT_BELOW_K);
// - an ε that cannot give each statistic ≥ 1 milli-ε, and a domain above 400 cells, are refused.
import type { MilliEpsilon } from '../../anonymisation/src/index.js';
import { buildOutcomeReport } from './build-outcome-report.js';
import { FOLLOW_UP_TIME_POINTS, type ReportDimension } from './report-request.js';
import { DOMAINS, HAIR_LOSS, SEX, input, rec, refusal } from './report-fixture.spec-helper.js';

const noisy = (milli: number) => ({ kind: 'NOISY', epsilon: milli as MilliEpsilon }) as const;

// 500 clients with ANDROGENETIC_ALOPECIA (MALE), 20 with DIFFUSE_THINNING (FEMALE): four hair-loss types are empty.
const records = [
  ...Array.from({ length: 500 }, (_, i) => rec({ baseline: 8 + (i % 10), followUp: 12 + (i % 9), sex: 'MALE' })),
  ...Array.from({ length: 20 }, (_, i) => rec({ subject: `dt${i}`, hairLoss: 'DIFFUSE_THINNING', sex: 'FEMALE', baseline: 10, followUp: 15 })),
];

describe('noisy cells cover the whole domain', () => {
  it('grouped by HAIR_LOSS_TYPE: one cell per type, empty types included, no margin, no exact figures', () => {
    const r = buildOutcomeReport(input({ records, groupBy: ['HAIR_LOSS_TYPE'], mode: noisy(1000) }));
    expect(r.mode).toBe('NOISY');
    expect(r.cells.map((c) => c.groups)).toEqual(HAIR_LOSS.map((value) => [{ dimension: 'HAIR_LOSS_TYPE', value }]));
    for (const c of r.cells) {
      expect([c.n, c.statistics]).toEqual([null, null]);
      expect(Number.isInteger(c.noisy!.n) && c.noisy!.n >= 0).toBe(true);
    }
    expect(r.timePoints.map((t) => t.withheld)).toEqual(['NOT_AVAILABLE_WITH_NOISE']);
    expect(r.timePoints[0]!.eligible).toBeNull();
  });

  it('two groupings × two time points: 6 × 4 cells at each time point, every pair once', () => {
    const r = buildOutcomeReport(input({ records, groupBy: ['HAIR_LOSS_TYPE', 'SEX'], mode: noisy(1000), timePoints: ['MONTH_3', 'MONTH_6'] }));
    expect(r.cells).toHaveLength(2 * 6 * 4);
    for (const tp of ['MONTH_3', 'MONTH_6'] as const) {
      const keys = r.cells.filter((c) => c.timePoint === tp).map((c) => c.groups.map((g) => `${g.dimension}=${g.value}`).join('&'));
      expect(keys).toEqual(HAIR_LOSS.flatMap((h) => SEX.map((s) => `HAIR_LOSS_TYPE=${h}&SEX=${s}`)));
    }
  });

  it('no grouping: a single margin cell per time point', () => {
    const r = buildOutcomeReport(input({ records, mode: noisy(600), timePoints: ['MONTH_1', 'MONTH_3'] }));
    expect(r.cells.map((c) => [c.timePoint, c.groups])).toEqual([['MONTH_1', []], ['MONTH_3', []]]);
  });
});

describe('ε accounting', () => {
  // [ε milli, T, spent] with spent = ⌊ε / T / 3⌋ · 3 · T:
  //   1000/1/3 = 333.3 → 999; 1000/2/3 = 166.7 → 996; 1000/3/3 = 111.1 → 999; 1000/4/3 = 83.3 → 996;
  //   500/2/3 = 83.3 → 498; 12/4/3 = 1 → 12; 3/1/3 = 1 → 3; 10000/1/3 = 3333.3 → 9999.
  it.each([[1000, 1, 999], [1000, 2, 996], [1000, 3, 999], [1000, 4, 996], [500, 2, 498], [12, 4, 12], [3, 1, 3], [10000, 1, 9999]])(
    'ε = %p milli-ε over %p time point(s) spends %p', (epsilon, t, spent) => {
      const r = buildOutcomeReport(input({ records, mode: noisy(epsilon), timePoints: FOLLOW_UP_TIME_POINTS.slice(0, t) }));
      expect(r.epsilonSpent).toBe(spent);
      expect(r.epsilonSpent).toBeLessThanOrEqual(epsilon);
    });

  it.each([[11, 4], [2, 1], [5, 2], [8, 3]])('ε = %p milli-ε is too small for %p time point(s) × 3 statistics', (epsilon, t) => {
    const e = refusal(() => buildOutcomeReport(input({ records, mode: noisy(epsilon), timePoints: FOLLOW_UP_TIME_POINTS.slice(0, t) })));
    expect([e.reason, e.field]).toEqual(['NOISE_REQUIRED', 'epsilon']);
  });

  it('an exact report spends nothing', () => {
    expect(buildOutcomeReport(input({ records })).epsilonSpent).toBe(0);
  });
});

describe('too many cells', () => {
  const clinics = (n: number) => Array.from({ length: n }, (_, i) => `Clinic ${String(i + 1).padStart(3, '0')}`);
  const withClinics = (n: number) => ({ ...DOMAINS, CLINIC: clinics(n) });
  const groupBy: ReportDimension[] = ['AGE_BAND', 'CLINIC'];

  it('8 age bands × 51 clinics = 408 > 400 → TOO_MANY_CELLS on "groupBy"', () => {
    const e = refusal(() => buildOutcomeReport(input({ records, groupBy, domains: withClinics(51), mode: noisy(1000) })));
    expect([e.reason, e.field]).toEqual(['TOO_MANY_CELLS', 'groupBy']);
  });

  it('8 × 50 = 400 is allowed and gives 400 cells', () => {
    expect(buildOutcomeReport(input({ records, groupBy, domains: withClinics(50), mode: noisy(1000) })).cells).toHaveLength(400);
  });
});

describe('noisy counts below k hide the means', () => {
  // ε = 9: each statistic gets 3, the count inside each mean 1.5, so the count noise is discrete
  // Laplace with scale 2/3: P(noise ≥ 10) = e^(−15) / (1 + e^(−1.5)) ≈ 2.5e-7 — an empty cell stays
  // below k = 10, a 500-client cell stays far above it (and within ±15 of 500: P ≈ 1e-10).
  const r = buildOutcomeReport(input({ records, groupBy: ['HAIR_LOSS_TYPE'], mode: noisy(9000) }));

  it('every cell: noisy n < k ⇔ suppressed NOISY_COUNT_BELOW_K with all means null', () => {
    for (const c of r.cells) {
      const below = c.noisy!.n < r.k;
      expect(c.suppressed).toBe(below);
      expect(c.suppression).toBe(below ? 'NOISY_COUNT_BELOW_K' : null);
      const means = [c.noisy!.baselineMean, c.noisy!.followUpMean, c.noisy!.meanChange];
      if (below) expect(means).toEqual([null, null, null]);
      else for (const m of means) expect(typeof m).toBe('number');
    }
  });

  it('the empty types are below k, the 500-client type is above, n near 500', () => {
    const byType = new Map(r.cells.map((c) => [c.groups[0]!.value, c]));
    for (const h of ['ALOPECIA_AREATA', 'SCARRING_ALOPECIA', 'TRANSPLANT_SCAR', 'OTHER']) expect(byType.get(h)!.suppression).toBe('NOISY_COUNT_BELOW_K');
    const aga = byType.get('ANDROGENETIC_ALOPECIA')!;
    expect(aga.suppressed).toBe(false);
    expect(Math.abs(aga.noisy!.n - 500)).toBeLessThanOrEqual(15);
  });

  it('one contribution per client: the 20 DIFFUSE_THINNING clients sent twice still count ≈ 20, not 40', () => {
    const dup = [...records, ...records.filter((x) => x.subject.startsWith('dt')).map((x) => ({ ...x, baseline: 0, followUp: 30 }))];
    const cell = buildOutcomeReport(input({ records: dup, groupBy: ['HAIR_LOSS_TYPE'], mode: noisy(9000) })).cells
      .find((c) => c.groups[0]!.value === 'DIFFUSE_THINNING')!;
    expect(Math.abs(cell.noisy!.n - 20)).toBeLessThanOrEqual(9); // P(|noise| ≥ 10) ≈ 5e-7
  });
});
