// snapshotCutoff (00:00 UTC on the first of the instant's UTC month) and budgetPeriod ('YYYY-MM' of
// the UTC month) at month, year and leap-day edges, and for instants written with a zone offset.
// Jest runs with TZ=UTC, where a local-time getter would look right by accident; the last test runs
// the same module in a child Node process under far-off time zones to rule that out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { budgetPeriod, snapshotCutoff } from './report-request.js';

// [instant, cutoff (ISO, UTC), period] — worked out by hand from the UTC reading of each instant.
const CASES: [string, string, string][] = [
  ['2025-01-31T23:59:59.999Z', '2025-01-01T00:00:00.000Z', '2025-01'],
  ['2025-02-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', '2025-02'],
  ['2025-02-01T00:00:00.001Z', '2025-02-01T00:00:00.000Z', '2025-02'],
  ['2024-12-31T23:59:59.999Z', '2024-12-01T00:00:00.000Z', '2024-12'],
  ['2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-01'],
  ['2024-02-29T23:59:59.999Z', '2024-02-01T00:00:00.000Z', '2024-02'],
  ['2024-03-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', '2024-03'],
  // 23:30 on 31 December at UTC−01:00 is already 00:30 UTC on 1 January.
  ['2024-12-31T23:30:00.000-01:00', '2025-01-01T00:00:00.000Z', '2025-01'],
  // 00:30 on 1 March at UTC+01:00 is still 23:30 UTC on 28 February.
  ['2025-03-01T00:30:00.000+01:00', '2025-02-01T00:00:00.000Z', '2025-02'],
  // 09:00 on 1 October at UTC+14:00 (Kiribati) is 19:00 UTC on 30 September.
  ['2025-10-01T09:00:00.000+14:00', '2025-09-01T00:00:00.000Z', '2025-09'],
];

describe('snapshotCutoff and budgetPeriod in UTC', () => {
  it.each(CASES)('%s → cutoff %s, period %s', (instant, cutoff, period) => {
    const now = new Date(instant);
    expect(snapshotCutoff(now).toISOString()).toBe(cutoff);
    expect(budgetPeriod(now)).toBe(period);
  });

  it('the cutoff excludes its own month: every instant of a month maps to the same cutoff ≤ it', () => {
    const first = Date.UTC(2025, 5, 1); // 1 June 2025
    const last = Date.UTC(2025, 6, 1) - 1; // 30 June 23:59:59.999
    for (const t of [first, first + 1, Date.UTC(2025, 5, 15, 12), last]) {
      expect(snapshotCutoff(new Date(t)).getTime()).toBe(first);
      expect(budgetPeriod(new Date(t))).toBe('2025-06');
    }
    expect(snapshotCutoff(new Date(last + 1)).getTime()).toBe(last + 1);
  });

  it('the same answers in a child process under TZ = Pacific/Kiritimati (UTC+14) and America/Adak (UTC−10/−9)', () => {
    // report-request.ts imports only a type from libs/anonymisation, so its transpiled JS runs alone.
    const source = readFileSync(new URL('./report-request.ts', import.meta.url), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
    const dir = mkdtempSync(join(tmpdir(), 'report-request-tz-'));
    try {
      writeFileSync(join(dir, 'report-request.mjs'), js);
      const script = `import { snapshotCutoff, budgetPeriod } from ${JSON.stringify(join(dir, 'report-request.mjs'))};
        const cases = JSON.parse(process.argv[1]);
        console.log(JSON.stringify({ offset: new Date(cases[0][0]).getTimezoneOffset(),
          out: cases.map(([i]) => [snapshotCutoff(new Date(i)).toISOString(), budgetPeriod(new Date(i))]) }));`;
      for (const tz of ['Pacific/Kiritimati', 'America/Adak']) {
        const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(CASES)], {
          env: { ...process.env, TZ: tz }, encoding: 'utf8',
        });
        const { offset, out } = JSON.parse(stdout) as { offset: number; out: [string, string][] };
        expect(offset).not.toBe(0); // the child really runs in a non-UTC zone
        expect(out).toEqual(CASES.map(([, c, p]) => [c, p]));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
