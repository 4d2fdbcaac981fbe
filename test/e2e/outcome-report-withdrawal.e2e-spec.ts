import { startTestApp, type TestApp } from '../../libs/testing/src/index.js';
import {
  getCsv, margin, mean, must, OUTCOME_REPORT, parseCsv, rawGql, ReportWorld, type BuiltClient, type ClientSpec, type OutcomeReport,
} from './reports/report-world.js';

// Consent withdrawal and erasure take effect in every research report computed afterwards, the
// exact snapshot included. Registry: HLD (higher is worse: change = baseline − follow-up), 2021,
// two clinics, 24 research pairs (14 + 10). The clinic dashboard spec writes HLD pairs in 2016, so
// the expectations are relative: the margin after = the margin before without (or with) the client.
const YEAR = 2021;
const INPUT = { instrumentKey: 'HLD', scaleKey: 'HLD_TOTAL', timePoints: ['MONTH_3'] };
const CSV = '/reports/outcome.csv?instrumentKey=HLD&scaleKey=HLD_TOTAL&timePoints=MONTH_3';

function registry(): ClientSpec[] {
  const specs: ClientSpec[] = [];
  for (let i = 0; i < 14; i++) specs.push({ clinic: 0, baselineLevel: 0.7, followUpLevel: 0.3 });
  for (let i = 0; i < 10; i++) specs.push({ clinic: 1, baselineLevel: 0.6, followUpLevel: 0.45 });
  return specs;
}

describe('outcome report: withdrawn and erased clients leave the reports', () => {
  let t: TestApp;
  let w: ReportWorld;
  const report = async () => must(await t.gql<{ outcomeReport: OutcomeReport }>(OUTCOME_REPORT, { input: INPUT }, w.researcherToken), 'report').outcomeReport;
  /** Margin n and mean change, from GraphQL and (n) from the CSV, which must agree. */
  const current = async () => {
    const m = margin(await report());
    const csv = parseCsv((await getCsv(t, CSV, w.researcherToken)).text);
    expect(csv.find((r) => r['is_margin'] === 'true')!['n']).toBe(String(m.n));
    return { n: m.n!, mean: m.statistics!.meanChange! };
  };
  /** The margin after one client leaves (sign −1) or comes back (+1), from the margin before. */
  const expectShift = (before: { n: number; mean: number }, after: { n: number; mean: number }, c: BuiltClient, sign: 1 | -1) => {
    expect(after.n).toBe(before.n + sign);
    expect(Math.abs(after.mean - (before.n * before.mean + sign * w.change(c)) / (before.n + sign))).toBeLessThan(1e-9);
  };

  beforeAll(async () => {
    t = await startTestApp();
    w = await ReportWorld.build(t, { year: YEAR, instrument: 'HLD', seed: 2021, clinics: [{ name: 'Clinic Withdrawal Köln' }, { name: 'Clinic Erasure Wien', country: 'AT' }], clients: registry() });
  }, 600_000);
  afterAll(() => t.close());

  it('before: the 24 pairs are in the report, mean change with the sign turned (HLD is higher-is-worse)', async () => {
    const mine = w.pairedResearch();
    expect(mine).toHaveLength(24);
    const r = await current();
    // Other spec files may have put HLD pairs of earlier years into this snapshot.
    expect(r.n).toBeGreaterThanOrEqual(24);
    if (r.n === 24) expect(Math.abs(r.mean - mean(mine.map((c) => w.change(c))))).toBeLessThan(1e-9);
    // Distress went down: a positive (better) change.
    expect(mean(mine.map((c) => w.change(c)))).toBeGreaterThan(0);
  });

  it('3. a client who withdraws RESEARCH consent disappears from reports computed afterwards (n drops by one)', async () => {
    const x = w.clients.find((c) => c.clinic === 0)!;
    const before = await current();
    const r = await t.gql<{ withdrawConsent: { scope: string; withdrawnAt: string | null } }>(
      `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { scope withdrawnAt } }`,
      { input: { clientId: x.id, scope: 'RESEARCH' } },
      w.clinicOf(x).staffToken,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.withdrawConsent.withdrawnAt).not.toBeNull();
    expectShift(before, await current(), x, -1);
    // Withdrawal ends the research use only: the clinic keeps the client's answers (CARE consent).
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM scale_score WHERE client_id = $1`, [x.id]);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('3. an erased client disappears too (n drops by one), and nothing of them is left', async () => {
    const y = w.clients.find((c) => c.clinic === 1)!;
    const before = await current();
    const r = await t.gql(`mutation($id: ID!) { eraseClient(id: $id) { clientId erasedAt } }`, { id: y.id }, w.clinicOf(y).staffToken);
    expect(r.errors).toBeUndefined();
    expectShift(before, await current(), y, -1);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM scale_score WHERE client_id = $1`, [y.id]);
    expect(rows[0].n).toBe(0);
  });

  it('3. consent given again this month counts from the next snapshot on, not in the current one', async () => {
    const x = w.clients.find((c) => c.clinic === 0)!;
    const before = await current();
    const raw = (await rawGql(t, OUTCOME_REPORT, { input: INPUT }, w.researcherToken)).text;
    const r = await t.gql(
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
      { input: { clientId: x.id, scope: 'RESEARCH', version: '2021-04' } },
      w.clinicOf(x).staffToken,
    );
    expect(r.errors).toBeUndefined();
    expect((await rawGql(t, OUTCOME_REPORT, { input: INPUT }, w.researcherToken)).text).toBe(raw);
    await w.moveClock(new Date(Date.UTC(YEAR, 4, 2, 9)));
    expectShift(before, await current(), x, 1);
  });
});
