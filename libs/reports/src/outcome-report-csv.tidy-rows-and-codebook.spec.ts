// The CSV export (RFC 4180): header = the codebook's column list, one row per report cell in cell
// order, CRLF line ends, null → empty field, suppressed cells carry no statistic. Parsed with a
// small RFC 4180 reader (report-fixture.spec-helper.ts: quotes, doubled quotes, CRLF), not with the code under test.
import type { MilliEpsilon } from '../../anonymisation/src/index.js';
import { buildOutcomeReport } from './build-outcome-report.js';
import { outcomeReportCodebook, outcomeReportCsv } from './outcome-report-csv.js';
import { input, parseCsv, rec } from './report-fixture.spec-helper.js';

// HAIR_LOSS_TYPE: ANDROGENETIC_ALOPECIA 20 (shown), ALOPECIA_AREATA 4 (PRIMARY), DIFFUSE_THINNING 12
// (COMPLEMENTARY), three empty types (shown, n = 0, no mean), margin 36. The scale has no MCID.
const counts: [string, number][] = [['ANDROGENETIC_ALOPECIA', 20], ['ALOPECIA_AREATA', 4], ['DIFFUSE_THINNING', 12]];
const records = counts.flatMap(([hairLoss, n]) => Array.from({ length: n }, (_, i) => rec({ hairLoss, baseline: 12 + (i % 3), followUp: 10 + (i % 6) })));
const report = buildOutcomeReport(input({ records, groupBy: ['HAIR_LOSS_TYPE'], scale: { key: 'RSES_TOTAL', min: 0, max: 30, higherIsBetter: true, mcid: null, publishedReliability: 0.88 } }));
const csv = outcomeReportCsv(report);
const [header, ...rows] = parseCsv(csv);
const col = (name: string) => header!.indexOf(name);
const get = (row: string[], name: string) => row[col(name)]!;
const STATISTIC_COLUMNS = [
  'n', 'baseline_mean', 'baseline_sd', 'baseline_median', 'baseline_q1', 'baseline_q3', 'follow_up_mean', 'follow_up_sd',
  'follow_up_median', 'follow_up_q1', 'follow_up_q3', 'mean_change', 'sd_change', 'median_change', 'ci95_lower', 'ci95_upper',
  't_statistic', 't_p_value', 'wilcoxon_v', 'wilcoxon_p_value', 'wilcoxon_method', 'cohen_dz', 'hedges_g', 'reliability',
  'se_diff', 'prop_reliably_improved', 'prop_reliably_unchanged', 'prop_reliably_deteriorated', 'mcid', 'prop_reaching_mcid',
];

describe('tidy CSV and codebook', () => {
  it('every line ends with CRLF and there is no bare LF or CR', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const codebook = outcomeReportCodebook();
    expect(codebook.endsWith('\r\n')).toBe(true);
    expect(codebook.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('the header is exactly the codebook’s column list, in order', () => {
    const [cbHeader, ...cb] = parseCsv(outcomeReportCodebook());
    expect(cbHeader).toEqual(['column', 'type', 'description']);
    expect(header).toEqual(cb.map((r) => r[0]));
    expect(new Set(header).size).toBe(header!.length);
    for (const r of cb) expect(['string', 'integer', 'number', 'boolean']).toContain(r[1]);
    for (const name of STATISTIC_COLUMNS) expect(header).toContain(name);
  });

  it('one row per cell, in cell order, every row as wide as the header', () => {
    expect(rows).toHaveLength(report.cells.length);
    expect(rows.map((r) => [get(r, 'group_hair_loss_type'), get(r, 'is_margin')])).toEqual(
      report.cells.map((c) => [c.groups[0]?.value ?? '', String(c.groups.length === 0)]));
    for (const r of rows) expect(r).toHaveLength(header!.length);
    for (const r of rows) expect([get(r, 'scale'), get(r, 'mode'), get(r, 'k'), get(r, 'time_point'), get(r, 'epsilon_spent')]).toEqual(['RSES_TOTAL', 'EXACT', '10', 'MONTH_3', '0.000']);
  });

  it('suppressed rows carry the flag and no statistic at all', () => {
    const hidden = rows.filter((r) => get(r, 'suppressed') === 'true');
    expect(hidden.map((r) => [get(r, 'group_hair_loss_type'), get(r, 'suppression')])).toEqual([
      // Primary (AA) and complementary (DT) look the same: telling them apart would say 0 < n < k.
      ['ALOPECIA_AREATA', 'SUPPRESSED'], ['DIFFUSE_THINNING', 'SUPPRESSED'],
    ]);
    for (const r of hidden) for (const name of STATISTIC_COLUMNS) expect({ [name]: get(r, name) }).toEqual({ [name]: '' });
  });

  it('null → empty field: the unused grouping columns, the missing MCID, the means of an empty group', () => {
    const aga = rows.find((r) => get(r, 'group_hair_loss_type') === 'ANDROGENETIC_ALOPECIA')!;
    expect(get(aga, 'group_sex')).toBe('');
    expect(get(aga, 'suppression')).toBe('');
    expect(get(aga, 'mcid')).toBe('');
    expect(get(aga, 'prop_reaching_mcid')).toBe('');
    expect(get(aga, 'n')).toBe('20');
    expect(Number(get(aga, 'baseline_mean'))).toBeCloseTo((7 * 12 + 7 * 13 + 6 * 14) / 20, 12);
    const empty = rows.find((r) => get(r, 'group_hair_loss_type') === 'OTHER')!;
    expect([get(empty, 'suppressed'), get(empty, 'n'), get(empty, 'baseline_mean'), get(empty, 'mean_change')]).toEqual(['false', '0', '', '']);
  });

  it('negative numbers stay plain numbers (no formula guard on numbers)', () => {
    // AGA, i = 0..19: Σ follow-up = 200 + (3 · 15 + 0 + 1) = 246, Σ baseline = 240 + (6 · 3 + 0 + 1) = 259
    // → mean change −13/20, written as a bare negative number (no leading apostrophe, no quotes).
    const aga = rows.find((r) => get(r, 'group_hair_loss_type') === 'ANDROGENETIC_ALOPECIA')!;
    expect(get(aga, 'mean_change')).toMatch(/^-0\.65/);
    expect(Number(get(aga, 'mean_change'))).toBeCloseTo(-13 / 20, 12);
    expect(csv).not.toContain("'-");
  });

  it('a noisy report: n is the noisy count, means empty when below k, ε spent as text', () => {
    const noisy = buildOutcomeReport(input({ records, groupBy: ['HAIR_LOSS_TYPE'], mode: { kind: 'NOISY', epsilon: 9000 as MilliEpsilon } }));
    const [h, ...nr] = parseCsv(outcomeReportCsv(noisy));
    expect(nr).toHaveLength(6);
    for (const [i, r] of nr.entries()) {
      const c = noisy.cells[i]!;
      expect(r[h!.indexOf('n')]).toBe(String(c.noisy!.n));
      expect(r[h!.indexOf('epsilon_spent')]).toBe('9.000');
      if (c.suppressed) expect(r[h!.indexOf('mean_change')]).toBe('');
      expect(r[h!.indexOf('sd_change')]).toBe(''); // never available with noise
    }
  });
});
