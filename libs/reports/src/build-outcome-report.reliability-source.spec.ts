// Reliability r for reliable change (PRODUCT.md): Cronbach's α of the registry's baseline data when
// at least 30 complete baselines exist (each client once, before filters), else the scale's
// published value, and the summary says which (reliabilitySource).
// A 3-item scale (items 0–3, total 0–9); client i answers
//   [L, min(3, L + i mod 2), max(0, L − [i mod 3 = 0])] with L = i mod 4.
// α computed with NumPy (k/(k−1)·(1 − Σ var_i / var_total), ddof = 1):
//   30 clients: 0.9616853932584268.   SD of their totals = 3.1984191497474597.
import { buildOutcomeReport } from './build-outcome-report.js';
import type { ScaleInfo } from './report-request.js';
import { expectClose } from '../../statistics/src/spec-helpers.js';
import { input, marginOf, rec } from './report-fixture.spec-helper.js';

const SCALE: ScaleInfo = { key: 'MINI_TOTAL', min: 0, max: 9, higherIsBetter: true, mcid: null, publishedReliability: 0.9 };
const REGISTRY_ALPHA_30 = 0.9616853932584268;
const items = (i: number) => {
  const l = i % 4;
  return [l, Math.min(3, l + (i % 2)), Math.max(0, l - (i % 3 === 0 ? 1 : 0))];
};
const client = (i: number, over: Partial<Parameters<typeof rec>[0]> = {}) => {
  const b = items(i);
  const total = b[0]! + b[1]! + b[2]!;
  return rec({ subject: `r${i}`, baseline: total, followUp: Math.min(9, total + (i % 5)), baselineItems: b, ...over });
};
const report = (records: ReturnType<typeof client>[], filters = {}) => buildOutcomeReport(input({ records, scale: SCALE, filters }));

describe('reliability: registry α from 30 complete baselines, else published', () => {
  it('30 complete baselines → REGISTRY α, used for SEdiff = SD_baseline · √2 · √(1 − α)', () => {
    const r = report(Array.from({ length: 30 }, (_, i) => client(i)));
    const t = r.timePoints[0]!;
    expect(t.reliabilitySource).toBe('REGISTRY');
    expectClose(t.reliability, REGISTRY_ALPHA_30, 1e-12, 'α');
    const rc = marginOf(r.cells, 'MONTH_3').statistics!.reliableChange;
    expectClose(rc.reliability, REGISTRY_ALPHA_30, 1e-12, 'r in the cell');
    expectClose(rc.seDiff, 3.1984191497474597 * Math.SQRT2 * Math.sqrt(1 - REGISTRY_ALPHA_30), 1e-12, 'SEdiff');
    expectClose(t.cronbachAlphaBaseline, REGISTRY_ALPHA_30, 1e-12, 'baseline α of the paired sample (the same 30)');
  });

  it('29 complete baselines → PUBLISHED 0.9', () => {
    const t = report(Array.from({ length: 29 }, (_, i) => client(i))).timePoints[0]!;
    expect([t.reliability, t.reliabilitySource]).toEqual([0.9, 'PUBLISHED']);
  });

  it('29 complete + 1 incomplete baseline (items missing) → still PUBLISHED', () => {
    const records = [...Array.from({ length: 29 }, (_, i) => client(i)), client(29, { baselineItems: null })];
    const t = report(records).timePoints[0]!;
    expect([t.reliability, t.reliabilitySource]).toEqual([0.9, 'PUBLISHED']);
  });

  it('a client at two time points counts once: 15 clients × 2 follow-ups → PUBLISHED', () => {
    const records = Array.from({ length: 15 }, (_, i) => [client(i), client(i, { timePoint: 'MONTH_6' })]).flat();
    const r = buildOutcomeReport(input({ records, scale: SCALE, timePoints: ['MONTH_3', 'MONTH_6'] }));
    expect(r.timePoints.map((t) => t.reliabilitySource)).toEqual(['PUBLISHED', 'PUBLISHED']);
  });

  it('baselines are counted over the whole registry, before filters: 30 clients, a filter keeping 20 → REGISTRY', () => {
    const records = Array.from({ length: 30 }, (_, i) => client(i, { sex: i < 20 ? 'MALE' : 'FEMALE' }));
    const t = report(records, { sexes: ['MALE'] }).timePoints[0]!;
    expect(t.pairedN).toBe(20);
    expect(t.reliabilitySource).toBe('REGISTRY');
    expectClose(t.reliability, REGISTRY_ALPHA_30, 1e-12, 'α of all 30');
  });

  it('no published value and too few baselines → no reliability, and reliable change is null', () => {
    const r = buildOutcomeReport(input({ records: Array.from({ length: 12 }, (_, i) => client(i)), scale: { ...SCALE, publishedReliability: null } }));
    expect([r.timePoints[0]!.reliability, r.timePoints[0]!.reliabilitySource]).toEqual([null, null]);
    expect(marginOf(r.cells, 'MONTH_3').statistics!.reliableChange.seDiff).toBeNull();
  });
});
