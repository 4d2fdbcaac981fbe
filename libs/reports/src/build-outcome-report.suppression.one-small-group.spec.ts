// Grouped by HAIR_LOSS_TYPE with one group below k: ANDROGENETIC_ALOPECIA 20, ALOPECIA_AREATA 4,
// DIFFUSE_THINNING 12, the other three types 0; k = 10, margin 36.
// By the rules (PRODUCT.md; suppression.ts): ALOPECIA_AREATA (0 < 4 < 10) is PRIMARY; a lone hidden
// cell is margin − the rest, so a complement is needed, and the smallest positive published cell is
// DIFFUSE_THINNING (12). Published zeros stay shown (they say nothing about anybody). The margin
// (36) stays shown: the ungrouped catalogue report publishes it anyway.
import { buildOutcomeReport } from './build-outcome-report.js';
import { HAIR_LOSS, cellOf, input, marginOf, rec } from './report-fixture.spec-helper.js';

const COUNTS: Record<string, number> = { ANDROGENETIC_ALOPECIA: 20, ALOPECIA_AREATA: 4, DIFFUSE_THINNING: 12 };
const records = Object.entries(COUNTS).flatMap(([hairLoss, n]) =>
  Array.from({ length: n }, (_, i) => rec({ hairLoss, baseline: 10 + (i % 5), followUp: 13 + (i % 7) })));

describe('HAIR_LOSS_TYPE grouping with one group below k', () => {
  const report = buildOutcomeReport(input({ records, groupBy: ['HAIR_LOSS_TYPE'], k: 10 }));
  const groupCells = HAIR_LOSS.map((h) => cellOf(report.cells, 'MONTH_3', h));
  const margin = marginOf(report.cells, 'MONTH_3');

  it('has one cell per hair-loss type of the domain plus the margin', () => {
    expect(report.cells).toHaveLength(HAIR_LOSS.length + 1);
    expect(groupCells.map((c) => c.groups)).toEqual(HAIR_LOSS.map((value) => [{ dimension: 'HAIR_LOSS_TYPE', value }]));
  });

  it('the small group is PRIMARY and the smallest positive other group COMPLEMENTARY', () => {
    expect(cellOf(report.cells, 'MONTH_3', 'ALOPECIA_AREATA').suppression).toBe('PRIMARY');
    expect(cellOf(report.cells, 'MONTH_3', 'DIFFUSE_THINNING').suppression).toBe('COMPLEMENTARY');
    expect(groupCells.filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(report.suppressedCells).toBe(2);
  });

  it('the margin stays shown with n = 36, and the big group and the zero groups are shown', () => {
    expect([margin.suppressed, margin.n]).toEqual([false, 36]);
    expect(cellOf(report.cells, 'MONTH_3', 'ANDROGENETIC_ALOPECIA').n).toBe(20);
    for (const h of ['SCARRING_ALOPECIA', 'TRANSPLANT_SCAR', 'OTHER']) {
      expect([cellOf(report.cells, 'MONTH_3', h).suppressed, cellOf(report.cells, 'MONTH_3', h).n]).toEqual([false, 0]);
    }
  });

  it('arithmetic: hidden total = margin − Σ shown = 36 − 20 − 0 − 0 − 0 = 16 ≥ k, spread over 2 cells', () => {
    const shown = groupCells.filter((c) => !c.suppressed).reduce((s, c) => s + c.n!, 0);
    const hiddenTotal = margin.n! - shown;
    expect(hiddenTotal).toBe(16);
    expect(hiddenTotal).toBeGreaterThanOrEqual(report.k);
    // Each hidden cell is ≥ 1 (zeros are published), so with 2 unknowns summing to 16 the small
    // group can be anything from 1 to 15: not recoverable.
    expect(groupCells.filter((c) => c.suppressed)).toHaveLength(2);
  });

  it('suppressed cells carry no figure at all', () => {
    for (const c of groupCells.filter((x) => x.suppressed)) expect([c.n, c.statistics, c.noisy]).toEqual([null, null, null]);
  });
});
