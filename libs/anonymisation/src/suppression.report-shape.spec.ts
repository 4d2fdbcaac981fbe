import { readFileSync } from 'node:fs';
import { canGroupByClinic } from './pseudonym.js';
import { findRecoverableCells } from './recoverability.js';
import { type CountTable, twoWayTable } from './report-table.js';
import { suppressCells } from './suppression.js';

// SECURITY.md #22 on a real report shape: per-clinic rows, baseline-only counts, and a second
// breakdown (age bands) that shares the grand total. Tables of one report must be suppressed together:
// suppressing them one by one can hide a total in one table that the other still publishes.

interface Fixture {
  k: number;
  measures: string[];
  clinics: { clinic: string; counts: number[] }[];
  ageBands: Record<string, number>;
  expectedSuppressed: string[][];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/report-shape.baseline-only.json', import.meta.url), 'utf8'),
) as Fixture;

function reportTable(f: Fixture): CountTable {
  const byClinic = twoWayTable(
    f.clinics.map((c) => c.clinic),
    f.measures,
    f.clinics.map((c) => c.counts),
  );
  const ageCells = Object.entries(f.ageBands).map(([band, n]) => ({ key: ['AGE_BAND', band], n }));
  return {
    cells: [...byClinic.cells, ...ageCells],
    constraints: [...byClinic.constraints, { total: [null, null], parts: ageCells.map((c) => c.key) }],
  };
}

describe('suppression on a real report shape', () => {
  const table = reportTable(fixture);
  const result = suppressCells(table, fixture.k);
  const hidden = result.suppressed.map((c) => c.key);

  it('allows grouping by clinic (every clinic has ≥ k at baseline)', () => {
    expect(canGroupByClinic(fixture.clinics.map((c) => c.counts.reduce((s, n) => s + n, 0)), fixture.k)).toBe(true);
  });

  it('publishes nothing below k and nothing solvable from the totals', () => {
    expect(result.cells.filter((c) => c.reason === null && c.n > 0 && c.n < fixture.k)).toEqual([]);
    expect(findRecoverableCells(table, hidden)).toEqual([]);
  });

  it('keeps the grand total and every clinic’s baseline n', () => {
    const published = (key: (string | null)[]) =>
      result.cells.find((c) => JSON.stringify(c.key) === JSON.stringify(key))?.reason === null;
    expect(published([null, null])).toBe(true);
    for (const c of fixture.clinics) expect(published([c.clinic, null])).toBe(true);
  });

  it('hides the expected cells: the small ones, one complement per clinic row, no margin', () => {
    expect(hidden).toEqual(fixture.expectedSuppressed);
  });
});
