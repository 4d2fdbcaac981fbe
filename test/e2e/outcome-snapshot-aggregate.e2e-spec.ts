import { aggregateRecords, type ScaleAggregate } from '../../libs/reports/src/index.js';
import { startTestApp, type TestApp } from '../../libs/testing/src/index.js';
import { Db } from '../../apps/api/src/database/db.service.js';
import { OutcomeRecordsLoader } from '../../apps/api/src/reports/outcome-records.loader.js';
import { OutcomeSnapshotPrebuild } from '../../apps/api/src/reports/outcome-snapshot-prebuild.service.js';
import { margin, must, OUTCOME_REPORT, ReportWorld, type ClientSpec, type OutcomeReport } from './reports/report-world.js';

// The kept snapshot aggregates (migration 1764000000005) always equal a recomputation from the
// records outcome_rows returns: after they are built, after a client arrives after the cutoff,
// after a withdrawal (new data version) and in the next month (new cutoff). A damaged aggregate
// fails the report instead of giving figures. Registry: RSES, 2022, two clinics, 27 pairs; other
// spec files' earlier years are in the same snapshot, on both sides of every comparison.
const YEAR = 2022;
const INPUT = (groupBy: string[] = []) => ({ instrumentKey: 'RSES', scaleKey: 'RSES_TOTAL', timePoints: ['MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12'], groupBy });

function registry(): ClientSpec[] {
  const specs: ClientSpec[] = [];
  for (let i = 0; i < 15; i++) specs.push({ clinic: 0, baselineLevel: 0.3, followUpLevel: 0.7, sex: i % 4 === 0 ? 'FEMALE' : 'MALE', hairLossType: i % 3 === 0 ? 'DIFFUSE_THINNING' : 'ANDROGENETIC_ALOPECIA' });
  for (let i = 0; i < 12; i++) specs.push({ clinic: 1, baselineLevel: 0.4, followUpLevel: 0.55, birthYear: i % 2 === 0 ? 1970 : 1990 });
  return specs;
}

interface StoredSnapshot { research_version: string; aggregate: ScaleAggregate; source_rows: number }

describe('outcome snapshot aggregates equal a recomputation from the raw rows', () => {
  let t: TestApp;
  let w: ReportWorld;
  const report = async (groupBy: string[] = []) =>
    must(await t.gql<{ outcomeReport: OutcomeReport }>(OUTCOME_REPORT, { input: INPUT(groupBy) }, w.researcherToken), `report ${groupBy}`).outcomeReport;
  const stored = async (cutoff: Date, instrumentKey = 'RSES', scaleKey = 'RSES_TOTAL'): Promise<StoredSnapshot[]> => t.dataSource.query(
    `SELECT research_version::text, aggregate, source_rows FROM outcome_snapshot WHERE instrument_key = $2 AND scale_key = $3 AND snapshot_cutoff = $1`,
    [cutoff, instrumentKey, scaleKey],
  );
  /** The aggregate of every record outcome_rows returns for the snapshot, computed afresh in memory. */
  const recomputed = async (cutoff: Date, instrumentKey = 'RSES', scaleKey = 'RSES_TOTAL'): Promise<{ aggregate: ScaleAggregate; rows: number }> => {
    const loader = t.app.get(OutcomeRecordsLoader);
    return t.app.get(Db).tx({ clinicId: null, role: 'RESEARCHER' }, async (m) => {
      const ref = await loader.scale(m, instrumentKey, scaleKey);
      const records = await loader.load(m, ref, cutoff, 'RESEARCH');
      // As stored: JSON (jsonb keeps numbers exactly; −0 is never stored).
      return { aggregate: JSON.parse(JSON.stringify(aggregateRecords(ref.info, records, {}, ref.scale.itemCodes.length))) as ScaleAggregate, rows: records.length };
    });
  };
  // The kept aggregate is grouped by the database (SQL); the recomputation aggregates the records
  // one by one in TypeScript: two implementations that must agree exactly.
  const expectKeptEqualsRecomputed = async (cutoff: Date, instrumentKey = 'RSES', scaleKey = 'RSES_TOTAL') => {
    const kept = await stored(cutoff, instrumentKey, scaleKey);
    expect(kept).toHaveLength(1);
    const fresh = await recomputed(cutoff, instrumentKey, scaleKey);
    expect(kept[0]!.source_rows).toBe(fresh.rows);
    expect(kept[0]!.aggregate).toEqual(fresh.aggregate);
    return kept[0]!;
  };

  beforeAll(async () => {
    t = await startTestApp();
    w = await ReportWorld.build(t, { year: YEAR, instrument: 'RSES', seed: 2022, clinics: [{ name: 'Aggregate Clinic Bonn' }, { name: 'Aggregate Clinic Graz', country: 'AT' }], clients: registry() });
    expect(w.pairedResearch()).toHaveLength(27);
  }, 600_000);
  afterAll(() => t.close());

  it('the first exact report builds one aggregate for the scale, equal to the recomputation; every catalogue grouping reads it', async () => {
    expect(await stored(w.cutoff)).toHaveLength(0);
    const r = await report();
    const kept = await expectKeptEqualsRecomputed(w.cutoff);
    const month3 = kept.aggregate.timePoints.find((x) => x.timePoint === 'MONTH_3')!;
    expect(margin(r).n).toBe(month3.paired);
    expect(month3.paired).toBeGreaterThanOrEqual(27);
    for (const g of ['CLINIC', 'HAIR_LOSS_TYPE', 'SEX', 'AGE_BAND']) {
      const byGroup = await report([g]);
      expect(margin(byGroup).n).toBe(margin(r).n);
    }
    // Still the one aggregate: the groupings did not scan again.
    expect(await stored(w.cutoff)).toHaveLength(1);
  });

  it('a client who arrives after the cutoff changes neither the aggregate nor the recomputation of the snapshot', async () => {
    const before = (await stored(w.cutoff))[0]!;
    await w.newPairedClientNow({ clinic: 0, baselineLevel: 0.1, followUpLevel: 0.9 });
    await report(['CLINIC']);
    const after = await expectKeptEqualsRecomputed(w.cutoff);
    expect(after).toEqual(before);
  });

  it('a withdrawal makes the next report build a new aggregate without the client (the old one is dropped)', async () => {
    const x = w.pairedResearch((c) => c.clinic === 1)[0]!;
    const before = (await stored(w.cutoff))[0]!;
    const n = margin(await report()).n!;
    must(await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { withdrawnAt } }`,
      { input: { clientId: x.id, scope: 'RESEARCH' } }, w.clinicOf(x).staffToken), 'withdraw');
    expect(margin(await report()).n).toBe(n - 1);
    const after = await expectKeptEqualsRecomputed(w.cutoff);
    expect(BigInt(after.research_version)).toBeGreaterThan(BigInt(before.research_version));
  });

  it('in the next month the new snapshot aggregate holds the newer client and equals its recomputation', async () => {
    const april = w.cutoff;
    const n = margin(await report()).n!;
    await w.moveClock(new Date(Date.UTC(YEAR, 4, 2, 9)));
    const may = new Date(Date.UTC(YEAR, 4, 1));
    expect(margin(await report()).n).toBe(n + 1);
    await expectKeptEqualsRecomputed(may);
    expect(await stored(april)).toHaveLength(0);
  });

  it('a damaged aggregate fails the report with an internal error instead of giving figures', async () => {
    const may = new Date(Date.UTC(YEAR, 4, 1));
    // Read twice first, so the API holds the parsed aggregate: a rewritten row must be read again.
    const before = margin(await report()).n;
    expect(margin(await report()).n).toBe(before);
    await t.dataSource.query(
      `UPDATE outcome_snapshot SET aggregate = jsonb_set(aggregate, '{timePoints,1,paired}', '-1') WHERE instrument_key = 'RSES' AND snapshot_cutoff = $1`,
      [may],
    );
    const r = await t.gql(OUTCOME_REPORT, { input: INPUT() }, w.researcherToken);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(r.errors)).not.toMatch(/paired|outcome_snapshot|at .*\.js/);
    // Dropping it makes the next report rebuild it.
    await t.dataSource.query(`DELETE FROM outcome_snapshot WHERE instrument_key = 'RSES' AND snapshot_cutoff = $1`, [may]);
    expect(margin(await report()).n).toBeGreaterThan(0);
    await expectKeptEqualsRecomputed(may);
  });

  it('the background prebuild builds every missing scale of the current snapshot once, each equal to its recomputation', async () => {
    await w.moveClock(new Date(Date.UTC(YEAR, 5, 2, 9)));
    const june = new Date(Date.UTC(YEAR, 5, 1));
    const prebuild = t.app.get(OutcomeSnapshotPrebuild);
    const built = await prebuild.buildMissing();
    const rows: { instrument_key: string; scale_key: string }[] = await t.dataSource.query(
      `SELECT instrument_key, scale_key FROM outcome_snapshot WHERE snapshot_cutoff = $1 ORDER BY 1, 2`, [june]);
    expect(rows.length).toBe(built);
    expect(rows.map((r) => `${r.instrument_key}/${r.scale_key}`)).toEqual(expect.arrayContaining(['RSES/RSES_TOTAL', 'WHO5/WHO5_PERCENT', 'HLD/HLD_TOTAL', 'PGIC/PGIC']));
    // Every scale (higher-is-worse HLD, reverse-scored RSES items, single-item PGIC) agrees.
    for (const r of rows) await expectKeptEqualsRecomputed(june, r.instrument_key, r.scale_key);
    expect(await prebuild.buildMissing()).toBe(0);
  });
});
