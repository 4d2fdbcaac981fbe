import { startTestApp, type TestApp } from '../../libs/testing/src/index.js';
import { margin, mean, must, OUTCOME_REPORT, ReportWorld, sd, type ClientSpec, type OutcomeReport } from './reports/report-world.js';

// An attack on the exact catalogue report through its across-clinic block (DerSimonian–Laird
// pooled change). Registry: WHO5, 2018 (the earliest year of any spec file, so this snapshot holds
// only these clients): clinic A with 13 pairs, clinic S with 2 pairs (far below k = 10). The report
// shows the margin (15 ≥ k) but neither clinic on its own (A would reveal S as total − A).
//
// With two clinics the pooled block is a closed system: for studies with variances a, c and
// effects yA, yC, DerSimonian–Laird gives τ² = (Q − 1)(a + c)/2, Q = (yA − yC)²/(a + c),
// se² = (a+τ²)(c+τ²)/(a + c + 2τ²) and estimate = (yA(c+τ²) + yC(a+τ²))/(a + c + 2τ²). From the
// published (estimate, se, τ², Q) one solves a, c, yA, yC up to labels; the margin's mean change
// and n then name the clinic sizes. For a clinic of 2 clients, its mean ± SD/√2 are the two
// clients' own changes.
const YEAR = 2018;
const K = 10;

function registry(): ClientSpec[] {
  const specs: ClientSpec[] = [];
  for (let i = 0; i < 13; i++) specs.push({ clinic: 0, baselineLevel: 0.2, followUpLevel: 0.8 });
  specs.push({ clinic: 1, baselineLevel: 0.6, followUpLevel: 0.2 });
  specs.push({ clinic: 1, baselineLevel: 0.4, followUpLevel: 0.5 });
  return specs;
}

interface Recovered { nSmall: number; meanSmall: number; sdSmall: number; changes: [number, number] | null }

/** What a researcher can compute from one exact report (nothing else). */
function attack(r: OutcomeReport): Recovered[] {
  const pooled = r.timePoints[0]?.pooled;
  const m = margin(r);
  if (!pooled || pooled.clinicsPooled !== 2 || pooled.estimate === null || pooled.se === null || pooled.tau2 === null || pooled.q === null || !m.statistics) return [];
  const { estimate: E, se, tau2, q: Q } = pooled;
  if (!(Q > 1 && tau2 > 0)) return [];
  const N = m.n!;
  const M = m.statistics.meanChange!;
  const sumVar = (2 * tau2) / (Q - 1); // a + c
  const delta = Math.sqrt(Q * sumVar); // |yA − yC|
  const sumPR = sumVar + 2 * tau2; // (a+τ²) + (c+τ²)
  const prodPR = se * se * sumPR;
  const disc = Math.sqrt(Math.max(0, sumPR * sumPR - 4 * prodPR));
  const roots = [(sumPR + disc) / 2, (sumPR - disc) / 2];
  const out: Recovered[] = [];
  for (const [p, rr] of [[roots[0]!, roots[1]!], [roots[1]!, roots[0]!]] as const) {
    for (const s of [1, -1]) {
      const yY = E - (s * delta * rr) / sumPR; // study with variance rr − τ²
      const yX = yY + s * delta; // study with variance p − τ²
      const nX = (N * (M - yY)) / (yX - yY);
      if (Math.abs(nX - Math.round(nX)) > 1e-6) continue;
      const nx = Math.round(nX);
      if (nx < 2 || nx > N - 2) continue;
      const small = nx < N - nx ? { n: nx, y: yX, v: p - tau2 } : { n: N - nx, y: yY, v: rr - tau2 };
      const sdSmall = Math.sqrt(small.v * small.n);
      out.push({ nSmall: small.n, meanSmall: small.y, sdSmall, changes: small.n === 2 ? [small.y - sdSmall / Math.SQRT2, small.y + sdSmall / Math.SQRT2] : null });
    }
  }
  return out;
}

describe('outcome report: the pooled across-clinic block does not reveal a clinic below k', () => {
  let t: TestApp;
  let w: ReportWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await ReportWorld.build(t, { year: YEAR, instrument: 'WHO5', seed: 2018, clinics: [{ name: 'Clinic Large Hamburg' }, { name: 'Clinic Tiny Bremen' }], clients: registry() });
  }, 600_000);
  afterAll(() => t.close());

  it('no figure of the 2-client clinic (nor either client’s own change) can be solved from the exact report', async () => {
    const r = must(
      await t.gql<{ outcomeReport: OutcomeReport }>(OUTCOME_REPORT, { input: { instrumentKey: 'WHO5', scaleKey: 'WHO5_PERCENT', timePoints: ['MONTH_3'] } }, w.researcherToken),
      'report',
    ).outcomeReport;
    expect(r.mode).toBe('EXACT');
    expect(margin(r).n).toBe(15);
    const small = w.pairedResearch((c) => c.clinic === 1);
    const truth = small.map((c) => w.change(c)).sort((a, b) => a - b);
    expect(truth[0]).not.toBe(truth[1]);

    // Grouped by clinic, neither clinic is shown (the catalogue's own rule for small clinics).
    const byClinic = must(
      await t.gql<{ outcomeReport: OutcomeReport }>(OUTCOME_REPORT, { input: { instrumentKey: 'WHO5', scaleKey: 'WHO5_PERCENT', timePoints: ['MONTH_3'], groupBy: ['CLINIC'] } }, w.researcherToken),
      'by clinic',
    ).outcomeReport;
    expect(byClinic.cells.filter((c) => c.groups.length === 1 && !c.suppressed).map((c) => c.groups[0]!.value)).toEqual(['OTHER_CLINICS']);
    expect(byClinic.timePoints[0]!.funnel).toEqual([]);

    // Both labellings of the two studies give the same answer: keep one.
    const leaks = attack(r).filter((x) => x.nSmall === 2 && Math.abs(x.meanSmall - mean(truth)) < 1e-6).slice(0, 1);
    expect({
      pooled: r.timePoints[0]!.pooled,
      recovered: leaks.map((x) => ({ n: x.nSmall, meanChange: x.meanSmall, sd: x.sdSmall, clientChanges: x.changes })),
      actual: { n: 2, meanChange: mean(truth), sd: sd(truth), clientChanges: truth },
    }).toEqual(expect.objectContaining({ recovered: [] }));
    // Pooling may count the hidden clinics only as one group (what the by-clinic table shows as
    // OTHER_CLINICS), never one by one: here no clinic is shown, so at most one "study".
    const pooled = r.timePoints[0]!.pooled;
    if (pooled) expect(pooled.clinicsPooled).toBeLessThanOrEqual(r.timePoints[0]!.funnel.filter((p) => p.n >= K).length + 1);
  });
});
