import { clinicFunnel, cronbachAlpha, pairedChange, pairedDifferences } from '../../statistics/src/index.js';
import { aggregateRecords, buildExactReport, OTHER_CLINICS, type OutcomeRecord } from './build-outcome-report.js';
import { checkAggregate } from './outcome-aggregate.js';
import { DOMAINS, HLD, marginOf, rec, RSES } from './report-fixture.spec-helper.js';

// The kept aggregate is all an exact report reads. These check it against the raw records: counts
// by hand, statistics against the statistics library on the raw values, independence of order and
// of the JSON round trip through storage, and that damaged aggregates are refused.

/** Deterministic pseudo-random integers (xorshift). */
function ints(seed: number) {
  let x = seed;
  return (lo: number, hi: number) => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return lo + ((x >>> 0) % (hi - lo + 1));
  };
}

/** 4 clinics (one below k), 3 hair-loss types, items for α, attrition, ties, zero changes. */
function registry(seed = 7): OutcomeRecord[] {
  const r = ints(seed);
  const out: OutcomeRecord[] = [];
  const sizes = [30, 18, 12, 4];
  sizes.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      const subject = `c${c}-s${i}`;
      const baseItems = Array.from({ length: 10 }, () => r(0, 3));
      const base = baseItems.reduce((a, b) => a + b, 0);
      for (const timePoint of ['MONTH_3', 'MONTH_12'] as const) {
        const answered = r(0, 9) > 1;
        const fuItems = answered ? baseItems.map((x) => Math.min(3, Math.max(0, x + r(-1, 2)))) : null;
        out.push(rec({
          subject, clinic: `Clinic 0${c + 1}`, timePoint,
          baseline: i % 11 === 10 ? null : base,
          followUp: fuItems ? fuItems.reduce((a, b) => a + b, 0) : null,
          baselineItems: i % 11 === 10 ? null : baseItems,
          followUpItems: fuItems,
          eligible: answered || r(0, 1) === 1,
          hairLoss: ['ANDROGENETIC_ALOPECIA', 'DIFFUSE_THINNING', 'ALOPECIA_AREATA'][i % 3],
          sex: i % 4 === 0 ? 'FEMALE' : 'MALE',
          ageBand: ['20-29', '30-39', '40-49'][i % 3],
        }));
      }
    }
  });
  return out;
}

const exact = (records: readonly OutcomeRecord[], groupBy: ('CLINIC' | 'HAIR_LOSS_TYPE')[] = [], scale = RSES) =>
  buildExactReport(aggregateRecords(scale, records), { scale, timePoints: ['MONTH_3', 'MONTH_12'], groupBy, k: 10, domains: DOMAINS });

describe('outcome aggregate: equal to the raw records', () => {
  it('counts follow a tiny registry counted by hand (duplicates once, baseline-only, not eligible)', () => {
    const records = [
      rec({ subject: 'a', baseline: 10, followUp: 14, baselineItems: [1, 2], followUpItems: [2, 2] }),
      rec({ subject: 'a', baseline: 10, followUp: 30 }), // the same client and follow-up again: ignored
      rec({ subject: 'b', baseline: 12, followUp: null, baselineItems: [3, 1] }), // baseline only
      rec({ subject: 'c', baseline: null, followUp: 20 }), // follow-up only
      rec({ subject: 'd', baseline: 8, followUp: 8, eligible: false, clinic: 'Clinic 02' }), // paired, window still open
      rec({ subject: 'e', baseline: null, followUp: null, eligible: true }), // non-responder without a baseline
      rec({ subject: 'a', timePoint: 'MONTH_12', baseline: 10, followUp: 11, baselineItems: [1, 2] }),
    ];
    const a = aggregateRecords(RSES, records);
    const m3 = a.timePoints.find((t) => t.timePoint === 'MONTH_3')!;
    expect({ eligible: m3.eligible, responded: m3.responded, baselineOnly: m3.baselineOnly, paired: m3.paired })
      .toEqual({ eligible: 4, responded: 2, baselineOnly: 1, paired: 2 });
    expect(m3.all).toEqual({ baseline: { values: [8, 10], counts: [1, 1] }, followUp: { values: [8, 14], counts: [1, 1] }, change: { values: [0, 4], counts: [1, 1] } });
    expect(Object.keys(m3.cells.CLINIC)).toEqual(['Clinic 01', 'Clinic 02']);
    // α sums of the paired clients' complete items only: a's baseline (1, 2) and follow-up (2, 2).
    expect(m3.alphaBaseline).toEqual({ n: 1, itemSums: [1, 2], itemSquareSums: [1, 4], totalSum: 3, totalSquareSum: 9 });
    expect(m3.alphaFollowUp).toEqual({ n: 1, itemSums: [2, 2], itemSquareSums: [4, 4], totalSum: 4, totalSquareSum: 16 });
    // The registry's baselines: each client once (a at two follow-ups, b), whatever the follow-up.
    expect(a.registryBaselines.n).toBe(2);
    expect(a.registryBaselines.itemSums).toEqual([4, 3]);
  });

  it('every exact cell has the statistics of its raw pairs, pooling those of the raw changes, α that of the raw items', () => {
    const records = registry();
    for (const scale of [RSES, HLD]) {
      const report = exact(records, [], scale);
      for (const tp of ['MONTH_3', 'MONTH_12'] as const) {
        const paired = records.filter((r) => r.timePoint === tp && r.baseline !== null && r.followUp !== null) as (OutcomeRecord & { baseline: number; followUp: number })[];
        const m = marginOf(report.cells, tp);
        expect(m.statistics).toEqual(pairedChange(paired, { higherIsBetter: scale.higherIsBetter, mcid: scale.mcid, reliability: report.timePoints[0]!.reliability }));
        const summary = report.timePoints.find((t) => t.timePoint === tp)!;
        const alpha = cronbachAlpha(paired.filter((p) => p.baselineItems).map((p) => [...p.baselineItems!])).alpha!;
        expect(Math.abs(summary.cronbachAlphaBaseline! - alpha)).toBeLessThan(1e-12);
        // Clinic 04 (n < 10) pools inside OTHER_CLINICS together with the smallest shown clinic if need be.
        const shown = new Set(summary.funnel.map((p) => p.clinicKey));
        const byClinic = new Map<string, number[]>();
        for (const p of paired) {
          const key = shown.has(p.clinicKey) ? p.clinicKey : OTHER_CLINICS;
          byClinic.set(key, [...(byClinic.get(key) ?? []), pairedDifferences([p], scale.higherIsBetter)[0]!]);
        }
        const f = clinicFunnel([...byClinic.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([clinicKey, changes]) => ({ clinicKey, changes })));
        expect(summary.pooled).toEqual({ ...f.pooled, clinicsPooled: f.pooled.k });
        expect(summary.funnel).toEqual(f.points.filter((p) => shown.has(p.clinicKey)));
        expect(shown.has('Clinic 04')).toBe(false);
      }
    }
  });

  it('does not depend on the order of the records, nor on the JSON round trip through storage', () => {
    const records = registry(11);
    const a = aggregateRecords(RSES, records);
    const shuffled = [...records].sort((x, y) => (x.subject.split('').reverse().join('') < y.subject.split('').reverse().join('') ? -1 : 1)).reverse();
    expect(aggregateRecords(RSES, shuffled)).toEqual(a);
    const stored = JSON.parse(JSON.stringify(a));
    expect(checkAggregate(stored)).toEqual(a);
    for (const g of [[], ['CLINIC'], ['HAIR_LOSS_TYPE']] as ('CLINIC' | 'HAIR_LOSS_TYPE')[][]) {
      const args = { scale: RSES, timePoints: ['MONTH_3', 'MONTH_12'] as const, groupBy: g, k: 10, domains: DOMAINS };
      expect(buildExactReport(stored, { ...args, timePoints: [...args.timePoints] })).toEqual(buildExactReport(a, { ...args, timePoints: [...args.timePoints] }));
    }
  });

  it('refuses a damaged aggregate (negative or fractional counts, unsorted values, counts that disagree)', () => {
    const good = () => JSON.parse(JSON.stringify(aggregateRecords(RSES, registry(5))));
    const damage: ((a: any) => void)[] = [
      (a) => { a.timePoints[1].all.change.counts[0] = -1; },
      (a) => { a.timePoints[1].all.baseline.counts[0] = 1.5; },
      (a) => { a.timePoints[1].all.followUp.values.reverse(); },
      (a) => { a.timePoints[1].paired += 1; },
      (a) => { a.timePoints[1].cells.CLINIC['Clinic 01'].baseline.counts.push(1); },
      (a) => { a.timePoints.pop(); },
    ];
    for (const d of damage) {
      const a = good();
      d(a);
      expect(() => checkAggregate(a)).toThrow();
    }
    expect(() => checkAggregate(good())).not.toThrow();
  });
});
