// CSV injection (OWASP "CSV Injection"): a text field a spreadsheet would read as a formula — one
// starting with =, +, −, @, tab or CR — is written with a leading apostrophe, and quoted when it
// holds a comma, quote or line break. Text reaches the CSV through the scale key (instruments can be
// imported by clinics and researchers) and through grouping values (e.g. observed countries).
// Numbers are numbers: a negative mean change stays a plain "-0.5".
import type { MilliEpsilon } from '../../anonymisation/src/index.js';
import { buildOutcomeReport } from './build-outcome-report.js';
import { outcomeReportCsv } from './outcome-report-csv.js';
import { DOMAINS, RSES, input, parseCsv, rec } from './report-fixture.spec-helper.js';

const records = Array.from({ length: 12 }, (_, i) => rec({ baseline: 15, followUp: 15 + (i % 2 === 0 ? -1 : 0), country: 'DE' }));
const scaleCell = (key: string) => {
  const raw = outcomeReportCsv(buildOutcomeReport(input({ records, scale: { ...RSES, key } })));
  const [header, row] = parseCsv(raw);
  return { raw, value: row![header!.indexOf('scale')]! };
};

describe('formula-looking text is neutralised', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")'],
    ['=1+1'],
    ['+SUM(A1:A9)'],
    ['@SUM(A1)'],
    ['-SUM(A1)'],
    ['\tTAB'],
    ['\r=CR'],
    // a leading minus followed by a digit is still a formula when more follows (OWASP's own example)
    ["-2+3+cmd|' /C calc'!A0"],
    ['-1+1'],
  ])('%j is read back with a leading apostrophe', (key) => {
    const { value } = scaleCell(key);
    expect(value).toBe(`'${key}`);
  });

  it('quotes inside are doubled and the field quoted', () => {
    const { raw } = scaleCell('=HYPERLINK("http://evil.example","x")');
    expect(raw).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"');
  });

  it('ordinary text is left alone', () => {
    expect(scaleCell('RSES_TOTAL').value).toBe('RSES_TOTAL');
    expect(scaleCell('WHO-5 total').value).toBe('WHO-5 total');
  });

  it('grouping values are guarded too (a hostile observed country in a noisy report)', () => {
    const hostile = '=cmd|"/C calc"!A0';
    const r = buildOutcomeReport(input({
      records: records.map((x) => ({ ...x, attributes: { ...x.attributes, COUNTRY: hostile } })),
      groupBy: ['COUNTRY'], domains: { ...DOMAINS, COUNTRY: ['DE', hostile] }, mode: { kind: 'NOISY', epsilon: 3000 as MilliEpsilon },
    }));
    const [header, ...rows] = parseCsv(outcomeReportCsv(r));
    expect(rows.map((row) => row[header!.indexOf('group_country')])).toEqual(['DE', `'${hostile}`]);
  });

  it('numbers, negative ones included, are not touched', () => {
    const [header, row] = parseCsv(outcomeReportCsv(buildOutcomeReport(input({ records }))));
    expect(row![header!.indexOf('mean_change')]).toBe('-0.5'); // six of 12 clients lose 1 point
    expect(row![header!.indexOf('k')]).toBe('10');
  });
});
