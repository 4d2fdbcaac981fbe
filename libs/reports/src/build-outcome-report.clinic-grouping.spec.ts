// Clinics in exact (researcher) output: a clinic with n < k never appears on its own, neither as a
// CLINIC cell nor as a funnel point; it is shown only inside OTHER_CLINICS. When the clinics below
// k hold fewer than k clients together, the smallest clinics above k join them (otherwise
// "pairedN − Σ funnel n" would isolate the small ones). Funnel points only for clinics shown, all
// with n ≥ k. Per-client changes here are d = base ± 1 alternately (−1 first), so each clinic's
// mean is worked out by hand in the comments.
import { OTHER_CLINICS, buildOutcomeReport, shownClinicKeys } from './build-outcome-report.js';
import type { ReportDimension } from './report-request.js';
import { cellOf, input, marginOf, rec } from './report-fixture.spec-helper.js';

const K = 10;
function clinics(spec: [string, number, number][]) {
  return spec.flatMap(([clinic, n, d]) =>
    Array.from({ length: n }, (_, i) => rec({ clinic, baseline: 10, followUp: 10 + d + (i % 2 === 0 ? -1 : 1), hairLoss: i % 3 === 0 ? 'DIFFUSE_THINNING' : 'ANDROGENETIC_ALOPECIA' })));
}
const build = (records: ReturnType<typeof clinics>, groupBy: ReportDimension[] = ['CLINIC']) => buildOutcomeReport(input({ records, groupBy, k: K }));
const labels = (r: ReturnType<typeof build>) => r.cells.map((c) => [c.groups[0]?.value ?? 'margin', c.suppressed ? 'hidden' : c.n]);

describe('two small clinics that reach k together (6 + 5 = 11)', () => {
  // Clinic 01: 20 clients, d = 2 ± 1 → mean 2. Clinic 02: 15, d = 4 ± 1 (8 × −1, 7 × +1) → 59/15.
  // Clinic 03: 6, d = 6 ± 1 → 6. Clinic 04: 5, d = 9 ± 1 (3 × −1, 2 × +1) → 44/5. OTHER: (36 + 44)/11 = 80/11.
  const records = clinics([['Clinic 01', 20, 2], ['Clinic 02', 15, 4], ['Clinic 03', 6, 6], ['Clinic 04', 5, 9]]);
  const report = build(records);

  it('CLINIC cells: the two big clinics, OTHER_CLINICS with 11, the margin; nothing hidden', () => {
    expect(labels(report)).toEqual([['Clinic 01', 20], ['Clinic 02', 15], [OTHER_CLINICS, 11], ['margin', 46]]);
    expect(cellOf(report.cells, 'MONTH_3', OTHER_CLINICS).statistics!.meanChange).toBeCloseTo(80 / 11, 12);
    expect(cellOf(report.cells, 'MONTH_3', 'Clinic 02').statistics!.meanChange).toBeCloseTo(59 / 15, 12);
  });

  it('funnel points only for Clinic 01 and 02 (n ≥ k), with their own n and mean', () => {
    const funnel = report.timePoints[0]!.funnel;
    expect(funnel.map((p) => [p.clinicKey, p.n])).toEqual([['Clinic 01', 20], ['Clinic 02', 15]]);
    expect(funnel[1]!.meanChange).toBeCloseTo(59 / 15, 12);
    for (const p of funnel) expect(p.n).toBeGreaterThanOrEqual(K);
  });

  it('the small clinics’ pseudonyms appear nowhere in the report', () => {
    for (const groupBy of [['CLINIC'], [], ['HAIR_LOSS_TYPE']] as ReportDimension[][]) {
      const json = JSON.stringify(build(records, groupBy));
      expect(json).not.toContain('Clinic 03');
      expect(json).not.toContain('Clinic 04');
    }
  });

  it('the same funnel in every catalogue report of the snapshot', () => {
    const f = (g: ReportDimension[]) => JSON.stringify(build(records, g).timePoints[0]!.funnel);
    expect(f([])).toBe(f(['CLINIC']));
    expect(f(['HAIR_LOSS_TYPE'])).toBe(f(['CLINIC']));
  });
});

describe('one small clinic below k alone (25, 12, 4): the smallest big clinic joins it', () => {
  const records = clinics([['Clinic 01', 25, 1], ['Clinic 02', 12, 3], ['Clinic 03', 4, 5]]);
  const report = build(records);

  it('4 < k, so Clinic 02 (12) is folded in: OTHER_CLINICS = 16, Clinic 01 = 25 shown', () => {
    const sizes = new Map<string, number>();
    for (const r of records) if (r.baseline !== null && r.followUp !== null) sizes.set(r.clinicKey, (sizes.get(r.clinicKey) ?? 0) + 1);
    expect(shownClinicKeys(sizes, K)).toEqual(new Set(['Clinic 01']));
    expect(labels(report)).toEqual([['Clinic 01', 25], [OTHER_CLINICS, 16], ['margin', 41]]);
  });

  it('pairedN − Σ funnel n = 41 − 25 = 16 ≥ k: the folded group cannot be split back', () => {
    const t = report.timePoints[0]!;
    expect(t.funnel.map((p) => p.clinicKey)).toEqual(['Clinic 01']);
    expect(t.pairedN! - t.funnel.reduce((s, p) => s + p.n, 0)).toBe(16);
  });
});

describe('every clinic reaches k (15, 12): no OTHER_CLINICS, both plotted', () => {
  const report = build(clinics([['Clinic 01', 15, 2], ['Clinic 02', 12, 3]]));
  it('cells and funnel list both clinics', () => {
    expect(labels(report)).toEqual([['Clinic 01', 15], ['Clinic 02', 12], ['margin', 27]]);
    expect(report.timePoints[0]!.funnel.map((p) => [p.clinicKey, p.n])).toEqual([['Clinic 01', 15], ['Clinic 02', 12]]);
  });
});

describe('all clinics small and the total below k (6, 3)', () => {
  const report = build(clinics([['Clinic 01', 6, 2], ['Clinic 02', 3, 3]]));
  it('only OTHER_CLINICS (9) and the margin, both hidden; no funnel, summary withheld', () => {
    expect(labels(report)).toEqual([[OTHER_CLINICS, 'hidden'], ['margin', 'hidden']]);
    expect(cellOf(report.cells, 'MONTH_3', OTHER_CLINICS).suppression).toBe('PRIMARY');
    expect(marginOf(report.cells, 'MONTH_3').suppression).toBe('PRIMARY');
    expect(report.timePoints[0]!.withheld).toBe('BELOW_K');
    expect(report.timePoints[0]!.funnel).toEqual([]);
  });
});

describe('a CLINIC grouping at a time point nobody reached yet', () => {
  it('has just the margin (n = 0), no error', () => {
    const records = clinics([['Clinic 01', 12, 2]]);
    const report = buildOutcomeReport(input({ records, groupBy: ['CLINIC'], k: K, timePoints: ['MONTH_3', 'MONTH_12'] }));
    expect(labels(report).slice(0, 2)).toEqual([['Clinic 01', 12], ['margin', 12]]);
    expect(report.cells.filter((c) => c.timePoint === 'MONTH_12').map((c) => [c.groups, c.n])).toEqual([[[], 0]]);
    expect(report.timePoints[1]!.withheld).toBe('BELOW_K');
  });
});
