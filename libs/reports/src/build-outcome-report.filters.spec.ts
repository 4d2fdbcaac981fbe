// Filters select the records a report reads (each filter a list of allowed values, empty = no
// filter; areas treated: any-of; treatment month: inclusive 'YYYY-MM' range, records before their
// final session excluded). Checked on matchesFilters directly and through an exact build (the build
// itself is mode-agnostic; decideMode is what sends filtered requests to noise).
import { buildOutcomeReport, matchesFilters } from './build-outcome-report.js';
import { input, marginOf, rec } from './report-fixture.spec-helper.js';

describe('matchesFilters, one filter at a time', () => {
  const r = rec({
    baseline: 10, followUp: 12, hairLoss: 'ALOPECIA_AREATA', sex: 'FEMALE', ageBand: '40-49', fitzpatrick: 5,
    country: 'FR', areas: ['CROWN', 'SCAR'], insurance: 'PARTIAL', treatmentMonth: '2025-03',
  });

  it.each<[string, Parameters<typeof matchesFilters>[1], boolean]>([
    ['no filter', {}, true],
    ['empty lists', { hairLossTypes: [], sexes: [], areasTreated: [] }, true],
    ['hair-loss type in list', { hairLossTypes: ['ANDROGENETIC_ALOPECIA', 'ALOPECIA_AREATA'] }, true],
    ['hair-loss type not in list', { hairLossTypes: ['ANDROGENETIC_ALOPECIA'] }, false],
    ['sex', { sexes: ['MALE'] }, false],
    ['age band', { ageBands: ['40-49'] }, true],
    ['Fitzpatrick type (a number)', { fitzpatrickTypes: [5, 6] }, true],
    ['Fitzpatrick type other', { fitzpatrickTypes: [1] }, false],
    ['country', { countries: ['DE', 'GB'] }, false],
    ['insurance', { insuranceCoverages: ['PARTIAL'] }, true],
    ['areas: any of them matches', { areasTreated: ['SCAR', 'HAIRLINE'] }, true],
    ['areas: none matches', { areasTreated: ['HAIRLINE', 'FULL_SCALP'] }, false],
    ['month from = own month (inclusive)', { treatmentMonthFrom: '2025-03' }, true],
    ['month to = own month (inclusive)', { treatmentMonthTo: '2025-03' }, true],
    ['month from after own month', { treatmentMonthFrom: '2025-04' }, false],
    ['month to before own month', { treatmentMonthTo: '2025-02' }, false],
    ['month range across a year end', { treatmentMonthFrom: '2024-11', treatmentMonthTo: '2025-03' }, true],
    ['two filters, one fails (AND)', { sexes: ['FEMALE'], countries: ['DE'] }, false],
  ])('%s → %p', (_name, filters, expected) => {
    expect(matchesFilters(r, filters)).toBe(expected);
  });

  it('a client before the final session (no treatment month) fails any month bound', () => {
    const untreated = rec({ baseline: 10, followUp: null, treatmentMonth: null });
    expect(matchesFilters(untreated, {})).toBe(true);
    expect(matchesFilters(untreated, { treatmentMonthFrom: '2000-01' })).toBe(false);
    expect(matchesFilters(untreated, { treatmentMonthTo: '2999-12' })).toBe(false);
  });
});

describe('filters through buildOutcomeReport', () => {
  // 12 clients, d = 6, 2, 9, −1, 6, 6, 4, 0, 7, 3 (male) and 8, 5 (female), plus one baseline-only of each sex.
  const d = [6, 2, 9, -1, 6, 6, 4, 0, 7, 3, 8, 5];
  const records = [
    ...d.map((x, i) => rec({ baseline: 10, followUp: 10 + x, sex: i < 10 ? 'MALE' : 'FEMALE', country: i % 2 === 0 ? 'DE' : 'FR' })),
    rec({ baseline: 11, followUp: null, sex: 'MALE' }),
    rec({ baseline: 11, followUp: null, sex: 'FEMALE' }),
  ];

  it('sexes = [MALE]: 10 paired clients, mean change 42/10, summary counts only the men', () => {
    const report = buildOutcomeReport(input({ records, filters: { sexes: ['MALE'] } }));
    const m = marginOf(report.cells, 'MONTH_3');
    expect(m.n).toBe(10);
    expect(m.statistics!.meanChange).toBeCloseTo(4.2, 12);
    const t = report.timePoints[0]!;
    // 11 eligible, 10 responded, 1 baseline-only: that 1 would be a group below k, so withheld.
    expect([t.eligible, t.responded, t.baselineOnly, t.pairedN]).toEqual([null, null, null, 10]);
  });

  it('countries = [FR]: the 6 odd-numbered clients (d = 2, −1, 6, 0, 3, 5) — below k = 10, so hidden', () => {
    const report = buildOutcomeReport(input({ records, filters: { countries: ['FR'] } }));
    const m = marginOf(report.cells, 'MONTH_3');
    expect([m.suppressed, m.n, m.statistics]).toEqual([true, null, null]);
    // at k = 5 it is shown: mean (2 − 1 + 6 + 0 + 3 + 5) / 6 = 15/6
    const at5 = marginOf(buildOutcomeReport(input({ records, k: 5, filters: { countries: ['FR'] } })).cells, 'MONTH_3');
    expect(at5.n).toBe(6);
    expect(at5.statistics!.meanChange).toBeCloseTo(2.5, 12);
  });
});
