import { newResearcher, startTestApp, type TestApp } from '../../libs/testing/src/index.js';

// SECURITY.md #27: the ε ledger is debited under a row lock in the report's own transaction, so
// 100 parallel noisy reports costing 0.1 against a budget of 1.0 give exactly 10 answers. Two API
// instances share the database (each lets one registry scan run at a time), so the debits really
// race each other and only the database lock keeps them apart.
const REPORT = `query($input: OutcomeReportInput!) { outcomeReport(input: $input) { mode epsilonSpent epsilonRemaining } }`;
const input = { instrumentKey: 'RSES', scaleKey: 'RSES_TOTAL', timePoints: ['MONTH_3'], live: true, epsilon: '0.1' };

describe('privacy budget under concurrency', () => {
  let t: TestApp;
  let second: TestApp;
  let researcher: string;

  beforeAll(async () => {
    // Its own clock year, so no other suite's data or budget period is involved. Pools of 4: the
    // embedded test database takes 16 connections in all.
    const opts = { now: new Date('2019-05-15T10:00:00Z'), env: { DP_EPSILON_PER_PERIOD: '1', DB_POOL_SIZE: '4' } };
    t = await startTestApp(opts);
    second = await startTestApp(opts);
    researcher = await newResearcher(t, (await t.newAdmin()).token);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('answers exactly as many noisy reports as the budget pays for and refuses the rest', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? t : second).gql(REPORT, { input }, researcher)));
    const answered = results.filter((r) => r.data?.outcomeReport);
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.['reason'] === 'PRIVACY_BUDGET_EXHAUSTED');
    expect(answered).toHaveLength(10);
    expect(refused).toHaveLength(90);
    for (const r of refused) expect(r.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    // Each answer shows its own cost and a distinct remaining balance: the debits were serialised.
    expect(new Set(answered.map((r) => r.data!.outcomeReport.epsilonRemaining)).size).toBe(10);

    const ledger = await t.dataSource.query(`SELECT count(*)::int AS n, sum(epsilon_milli)::int AS spent FROM privacy_spend s
      JOIN privacy_budget b USING (researcher_id, period) WHERE b.period = '2019-05'`);
    expect(ledger[0]).toEqual({ n: 10, spent: 10 * Number(answered[0]!.data!.outcomeReport.epsilonSpent.replace('.', '')) });
    const budget = await t.gql(`{ privacyBudget { period allowance spent remaining } }`, {}, researcher);
    expect(budget.data!.privacyBudget.period).toBe('2019-05');
    expect(budget.data!.privacyBudget.allowance).toBe('1.000');
    expect(Number(budget.data!.privacyBudget.remaining)).toBeLessThan(0.1);
  });
});
