// "All minus all-but-one" across the exact catalogue: a researcher may download every catalogue
// report of the same snapshot (no grouping, by HAIR_LOSS_TYPE, by SEX, by CLINIC) and combine them.
// Each shown figure (cell n, margin n, the time point's pairedN, every funnel point's n) is a known
// linear function of the unknown counts of the cross-classification hair-loss type × sex × clinic
// ("atoms"). A hidden cell's n can be derived iff its function lies in the span of the shown ones;
// that is tested with exact rational elimination (BigInt), independent of libs/anonymisation.
// Additive statistics (mean × n, sums of changes) have the same coefficients, so the same holds for
// them. Data (63 paired clients at MONTH_3, k = 10), counts chosen so that, by hand:
//   HAIR_LOSS_TYPE AGA 30, AA 4, DIFFUSE 12, SCARRING 0, TRANSPLANT_SCAR 15, OTHER 2
//     → AA, OTHER PRIMARY; residual 6 < k → DIFFUSE (smallest positive) COMPLEMENTARY; hidden total 18.
//   SEX MALE 45, FEMALE 14, INTERSEX 1, UNDISCLOSED 3
//     → INTERSEX, UNDISCLOSED PRIMARY; residual 4 < k → FEMALE COMPLEMENTARY; hidden total 18.
//   CLINIC 01: 28, 02: 22, 03: 10, 04: 3 → Clinic 04 (< k) goes to OTHER_CLINICS; 3 < k, so the
//     smallest shown clinic (03) joins it: OTHER_CLINICS = 13 shown, nothing suppressed, funnel 01, 02.
// Besides the hidden cells, the count of each clinic below k (here Clinic 04) must not be derivable.
import { OTHER_CLINICS, type OutcomeReportResult, type ReportCell, buildOutcomeReport } from './build-outcome-report.js';
import type { ReportDimension } from './report-request.js';
import { HAIR_LOSS, SEX, cellOf, input, marginOf, rec } from './report-fixture.spec-helper.js';

const K = 10;
const CLINICS = ['Clinic 01', 'Clinic 02', 'Clinic 03', 'Clinic 04'];
const repeat = (pairs: [string, number][]) => pairs.flatMap(([v, n]) => Array<string>(n).fill(v));
const hairList = repeat([['ANDROGENETIC_ALOPECIA', 30], ['ALOPECIA_AREATA', 4], ['DIFFUSE_THINNING', 12], ['TRANSPLANT_SCAR', 15], ['OTHER', 2]]);
const sexList = repeat([['MALE', 45], ['FEMALE', 14], ['INTERSEX', 1], ['UNDISCLOSED', 3]]);
const clinicList = repeat([['Clinic 01', 28], ['Clinic 02', 22], ['Clinic 03', 10], ['Clinic 04', 3]]);
const N = 63;
// 5 and 11 are coprime to 63, so i ↦ 5i mod 63 and i ↦ 11i mod 63 are permutations: the margins
// above hold while the three attributes are mixed.
const records = [
  ...Array.from({ length: N }, (_, i) => rec({
    hairLoss: hairList[i]!, sex: sexList[(5 * i) % N]!, clinic: clinicList[(11 * i) % N]!,
    baseline: 8 + (i % 9), followUp: 10 + ((i * 7) % 13),
  })),
  ...Array.from({ length: 6 }, (_, i) => rec({ clinic: CLINICS[i % 4]!, baseline: 12, followUp: null })),
];

const build = (groupBy: ReportDimension[]) => buildOutcomeReport(input({ records, groupBy, k: K }));
const REPORTS: Record<string, OutcomeReportResult> = {
  overall: build([]),
  hairLoss: build(['HAIR_LOSS_TYPE']),
  sex: build(['SEX']),
  clinic: build(['CLINIC']),
};

// ---- atoms and linear functions -------------------------------------------------------------
const ATOMS = HAIR_LOSS.flatMap((h) => SEX.flatMap((s) => CLINICS.map((c) => ({ h, s, c }))));
type Fn = number[];
const fnOf = (pred: (a: (typeof ATOMS)[number]) => boolean): Fn => ATOMS.map((a) => (pred(a) ? 1 : 0));

function cellFn(report: OutcomeReportResult, cell: ReportCell): Fn {
  const g = cell.groups[0];
  if (!g) return fnOf(() => true);
  if (g.dimension === 'HAIR_LOSS_TYPE') return fnOf((a) => a.h === g.value);
  if (g.dimension === 'SEX') return fnOf((a) => a.s === g.value);
  if (g.dimension === 'CLINIC') {
    if (g.value !== OTHER_CLINICS) return fnOf((a) => a.c === g.value);
    const listed = report.cells.flatMap((c) => c.groups.filter((x) => x.dimension === 'CLINIC' && x.value !== OTHER_CLINICS).map((x) => x.value));
    return fnOf((a) => !listed.includes(a.c));
  }
  throw new Error(`unexpected grouping ${g.dimension}`);
}

function published(report: OutcomeReportResult): Fn[] {
  const t = report.timePoints[0]!;
  return [
    ...report.cells.filter((c) => !c.suppressed).map((c) => cellFn(report, c)),
    ...(t.pairedN === null ? [] : [fnOf(() => true)]),
    ...t.funnel.map((p) => fnOf((a) => a.c === p.clinicKey)),
  ];
}

const hidden = (report: OutcomeReportResult) =>
  report.cells.filter((c) => c.suppressed).map((c) => ({ label: `${c.groups[0]?.value ?? 'margin'}`, fn: cellFn(report, c) }));

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

/** Exact rank of an integer matrix (fraction-free Gaussian elimination on BigInt). */
function rank(rows: readonly Fn[]): number {
  const m = rows.map((r) => r.map((x) => BigInt(x)));
  let r = 0;
  for (let c = 0; c < ATOMS.length && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    const pivot = m[r]!;
    for (let i = r + 1; i < m.length; i++) {
      const f = m[i]![c]!;
      if (f === 0n) continue;
      const row = m[i]!.map((x, j) => x * pivot[c]! - pivot[j]! * f);
      const g = row.reduce((acc, x) => gcd(acc, x), 0n);
      m[i] = g > 1n ? row.map((x) => x / g) : row;
    }
    r++;
  }
  return r;
}
const derivable = (shown: readonly Fn[], target: Fn) => rank([...shown, target]) === rank(shown);

// ---------------------------------------------------------------------------------------------
describe('catalogue reports on one snapshot cannot be differenced', () => {
  it('the suppression patterns are the hand-derived ones', () => {
    const pattern = (r: OutcomeReportResult) => r.cells.filter((c) => c.suppressed).map((c) => [c.groups[0]?.value, c.suppression]);
    expect(pattern(REPORTS.overall!)).toEqual([]);
    expect(pattern(REPORTS.hairLoss!)).toEqual([['ALOPECIA_AREATA', 'PRIMARY'], ['DIFFUSE_THINNING', 'COMPLEMENTARY'], ['OTHER', 'PRIMARY']]);
    expect(pattern(REPORTS.sex!)).toEqual([['FEMALE', 'COMPLEMENTARY'], ['INTERSEX', 'PRIMARY'], ['UNDISCLOSED', 'PRIMARY']]);
    expect(pattern(REPORTS.clinic!)).toEqual([]);
    expect(REPORTS.clinic!.cells.map((c) => [c.groups[0]?.value ?? 'margin', c.n])).toEqual([
      ['Clinic 01', 28], ['Clinic 02', 22], [OTHER_CLINICS, 13], ['margin', N],
    ]);
    expect(REPORTS.overall!.timePoints[0]!.funnel.map((p) => [p.clinicKey, p.n])).toEqual([['Clinic 01', 28], ['Clinic 02', 22]]);
  });

  it.each(['hairLoss', 'sex'])('%s: margin − Σ shown ≥ k, over ≥ 2 hidden cells', (name) => {
    const r = REPORTS[name]!;
    const margin = marginOf(r.cells, 'MONTH_3');
    expect(margin.n).toBe(N); // every catalogue report shows the same total
    const parts = r.cells.filter((c) => c.groups.length > 0);
    const residual = margin.n! - parts.filter((c) => !c.suppressed).reduce((s, c) => s + c.n!, 0);
    expect(residual).toBe(18); // 4 + 2 + 12 and 1 + 3 + 14
    expect(residual).toBeGreaterThanOrEqual(K);
    expect(parts.filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
  });

  it('the time-point summary and funnel are the same in every catalogue report', () => {
    const summaries = Object.values(REPORTS).map((r) => JSON.stringify(r.timePoints));
    expect(new Set(summaries).size).toBe(1);
    expect(REPORTS.overall!.timePoints[0]!.pairedN).toBe(N);
  });

  const names = Object.keys(REPORTS);
  const pairs = names.flatMap((a, i) => names.slice(i + 1).map((b) => [a, b] as const));
  const combos = [...pairs, names].map((c) => [c.join(' + '), c] as const);
  it.each(combos)('%s: no hidden cell and no small clinic is a combination of the shown figures', (_label, chosen) => {
    const reports = chosen.map((n) => REPORTS[n]!);
    const shown = reports.flatMap(published);
    const smallClinic = { label: 'Clinic 04 (n = 3 < k)', fn: fnOf((a) => a.c === 'Clinic 04') };
    for (const h of [...reports.flatMap(hidden), smallClinic]) {
      expect({ cell: h.label, derivable: derivable(shown, h.fn) }).toEqual({ cell: h.label, derivable: false });
    }
  });

  it('the check has teeth: a lone hidden cell, or a funnel point for every clinic with n ≥ k, would be derivable', () => {
    const r = REPORTS.hairLoss!;
    const aa = cellFn(r, cellOf(r.cells, 'MONTH_3', 'ALOPECIA_AREATA'));
    const othersShown = r.cells.filter((c) => c.groups[0]?.value !== 'ALOPECIA_AREATA').map((c) => cellFn(r, c));
    expect(derivable(othersShown, aa)).toBe(true);
    // A naive "n ≥ k" funnel would also plot Clinic 03 (n = 10): then 63 − 28 − 22 − 10 = 3 is Clinic 04.
    const naive = [...published(REPORTS.overall!), fnOf((a) => a.c === 'Clinic 03')];
    expect(derivable(naive, fnOf((a) => a.c === 'Clinic 04'))).toBe(true);
  });
});
