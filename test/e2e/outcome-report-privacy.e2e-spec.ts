import { startTestApp, type GqlResult, type TestApp } from '../../libs/testing/src/index.js';
import {
  getCsv, margin, must, OUTCOME_REPORT, parseCsv, PRIVACY_BUDGET, rawGql, ReportWorld, type ClientSpec, type OutcomeReport,
} from './reports/report-world.js';

// Researcher outcome reports beyond the catalogue: differencing attacks are refused or answered
// with noise only, and every noisy answer spends the researcher's monthly ε (default 3) until it
// is gone. Registry: WHO5, 2020, two clinics, 30 research pairs (hair loss: ANDROGENETIC_ALOPECIA
// 20, DIFFUSE_THINNING 6, ALOPECIA_AREATA 4) and 3 clients whose MONTH_3 window closed unanswered.
// Other spec files may add WHO5 pairs of earlier years to the same snapshot, so nothing here
// depends on the exact total.
const YEAR = 2020;
const ALL_BUT_AREATA = ['ANDROGENETIC_ALOPECIA', 'DIFFUSE_THINNING', 'SCARRING_ALOPECIA', 'TRANSPLANT_SCAR', 'OTHER'];
const BASE = { instrumentKey: 'WHO5', scaleKey: 'WHO5_PERCENT', timePoints: ['MONTH_3'] };
const DIFFERENCING = { ...BASE, filters: { hairLossTypes: ALL_BUT_AREATA } };

function registry(): ClientSpec[] {
  const specs: ClientSpec[] = [];
  const add = (clinic: number, n: number, hairLossType: string, base: number, fu: number) => {
    for (let i = 0; i < n; i++) specs.push({ clinic, hairLossType, baselineLevel: base, followUpLevel: fu, sex: i % 4 === 0 ? 'FEMALE' : 'MALE' });
  };
  add(0, 12, 'ANDROGENETIC_ALOPECIA', 0.3, 0.7);
  add(1, 8, 'ANDROGENETIC_ALOPECIA', 0.4, 0.6);
  add(0, 3, 'DIFFUSE_THINNING', 0.3, 0.5);
  add(1, 3, 'DIFFUSE_THINNING', 0.3, 0.5);
  add(0, 2, 'ALOPECIA_AREATA', 0.1, 1);
  add(1, 2, 'ALOPECIA_AREATA', 0.1, 1);
  for (let i = 0; i < 3; i++) specs.push({ clinic: 0, kind: 'ATTRITION' });
  return specs;
}

type Budget = { period: string; allowance: string; spent: string; remaining: string };

describe('outcome report: differencing attacks and the privacy budget', () => {
  let t: TestApp;
  let w: ReportWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await ReportWorld.build(t, { year: YEAR, instrument: 'WHO5', seed: 2020, clinics: [{ name: 'Clinic Alpha Leipzig' }, { name: 'Clinic Beta Graz', country: 'AT' }], clients: registry() });
  }, 600_000);
  afterAll(() => t.close());

  const report = (input: Record<string, unknown>, token: string) => t.gql<{ outcomeReport: OutcomeReport }>(OUTCOME_REPORT, { input }, token);
  const budget = async (token: string) => must(await t.gql<{ privacyBudget: Budget }>(PRIVACY_BUDGET, {}, token), 'budget').privacyBudget;
  /** A researcher of their own (each has their own budget). */
  const newResearcher = () => w.newResearcher();
  const ledger = async (researcherId: string) => {
    const spends: { epsilon_milli: number; query_hash: string }[] = await t.dataSource.query(
      `SELECT epsilon_milli, query_hash FROM privacy_spend WHERE researcher_id = $1 ORDER BY id`, [researcherId]);
    const rows: { spent_milli: number }[] = await t.dataSource.query(`SELECT spent_milli FROM privacy_budget WHERE researcher_id = $1`, [researcherId]);
    return { spends, spentMilli: rows.reduce((s, r) => s + r.spent_milli, 0) };
  };
  const expectRefused = (r: GqlResult, code: string, reason: string) => {
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code, reason, field: 'epsilon' });
  };
  /** A noisy report carries no exact figure anywhere. */
  const expectNoisyOnly = (r: OutcomeReport) => {
    expect(r.mode).toBe('NOISY');
    expect(r.cells.length).toBeGreaterThan(0);
    for (const c of r.cells) {
      expect(c.n).toBeNull();
      expect(c.statistics).toBeNull();
      expect(c.noisy).not.toBeNull();
    }
    for (const tp of r.timePoints) {
      expect(tp).toMatchObject({ eligible: null, responded: null, responseRate: null, baselineOnly: null, pairedN: null, pooled: null, funnel: [], funnelCenter: null, funnelSigma: null, withheld: 'NOT_AVAILABLE_WITH_NOISE' });
    }
  };

  it('2b. "all" minus "all but one hair-loss type": the filtered report is refused without ε (NOISE_REQUIRED) and spends nothing', async () => {
    const r = await newResearcher();
    const all = must(await report(BASE, r.token), 'all').outcomeReport;
    expect(all.mode).toBe('EXACT');
    expect(margin(all).n).toBeGreaterThanOrEqual(30);

    expectRefused(await report(DIFFERENCING, r.token), 'BAD_USER_INPUT', 'NOISE_REQUIRED');
    // Every other way around the catalogue is refused the same way.
    const variants: Record<string, unknown>[] = [
      { ...BASE, filters: { hairLossTypes: [...ALL_BUT_AREATA, 'ALOPECIA_AREATA'] } }, // a filter that selects everyone is still a filter
      { ...BASE, filters: { sexes: ['MALE'] } },
      { ...BASE, filters: { ageBands: ['30-39'] } },
      { ...BASE, filters: { treatmentMonthFrom: `${YEAR}-01`, treatmentMonthTo: `${YEAR}-01` } },
      { ...BASE, groupBy: ['HAIR_LOSS_TYPE', 'SEX'] },
      { ...BASE, groupBy: ['FITZPATRICK_TYPE'] },
      { ...BASE, groupBy: ['COUNTRY'] },
      { ...BASE, groupBy: ['INSURANCE_COVERAGE'] },
      { ...BASE, live: true },
    ];
    for (const input of variants) {
      const res = await report(input, r.token);
      expect({ input, error: res.errors?.[0]?.extensions }).toEqual({ input, error: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'NOISE_REQUIRED', field: 'epsilon' }) });
      expect(res.data).toBeNull();
    }
    expect(await budget(r.token)).toEqual({ period: `${YEAR}-04`, allowance: '3.000', spent: '0.000', remaining: '3.000' });
    expect((await ledger(r.id)).spends).toEqual([]);
  });

  it('2b. with ε the differencing report gives noisy figures only, fresh noise each time', async () => {
    const r = await newResearcher();
    const raw = await rawGql(t, OUTCOME_REPORT, { input: { ...DIFFERENCING, epsilon: '1.2' } }, r.token);
    expect(raw.body.errors).toBeUndefined();
    const first = raw.body.data.outcomeReport as OutcomeReport;
    expectNoisyOnly(first);
    expect(first).toMatchObject({ epsilonSpent: '1.200', epsilonRemaining: '1.800' });
    expect(raw.text).not.toMatch(/"statistics":\{/);

    const second = must(await report({ ...DIFFERENCING, epsilon: '1.2' }, r.token), 'second').outcomeReport;
    expectNoisyOnly(second);
    expect(second.epsilonRemaining).toBe('0.600');
    // Two answers to the same question differ: nothing exact to difference against.
    expect(margin(second).noisy).not.toEqual(margin(first).noisy);

    // Grouped by hair-loss type with ε: every type of the domain is a cell (present whether or not
    // anyone has it), each noisy or withheld below k.
    const r2 = await newResearcher();
    const grouped = must(await report({ ...BASE, groupBy: ['HAIR_LOSS_TYPE', 'SEX'], epsilon: '2.4' }, r2.token), 'grouped').outcomeReport;
    expectNoisyOnly(grouped);
    expect(grouped.cells.filter((c) => c.groups.length === 2)).toHaveLength(6 * 4);
    for (const c of grouped.cells.filter((x) => x.suppressed)) {
      expect(c.suppression).toBe('NOISY_COUNT_BELOW_K');
      expect(c.noisy).toMatchObject({ baselineMean: null, followUpMean: null, meanChange: null });
    }
  });

  it('2b. a group of 3 non-responders is a cell too: the exact report withholds the counts that would give it', async () => {
    const r = must(await report(BASE, w.researcherToken), 'all').outcomeReport;
    expect(r.mode).toBe('EXACT');
    const tp = r.timePoints[0]!;
    // eligible − responded = 3 and baselineOnly = 3 would each single out the three.
    expect(tp.pairedN).toBe(margin(r).n);
    expect({ eligible: tp.eligible, responded: tp.responded, responseRate: tp.responseRate, baselineOnly: tp.baselineOnly })
      .toEqual({ eligible: null, responded: null, responseRate: null, baselineOnly: null });
  });

  it('2e. identical noisy queries spend the budget; once gone they are refused PRIVACY_BUDGET_EXHAUSTED and the refusal writes nothing', async () => {
    const r = await newResearcher();
    expect(await budget(r.token)).toEqual({ period: `${YEAR}-04`, allowance: '3.000', spent: '0.000', remaining: '3.000' });
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = must(await report({ ...DIFFERENCING, epsilon: '0.6' }, r.token), `noisy ${i}`).outcomeReport;
      expectNoisyOnly(res);
      expect(res.epsilonSpent).toBe('0.600');
      remaining.push(res.epsilonRemaining!);
    }
    expect(remaining).toEqual(['2.400', '1.800', '1.200', '0.600', '0.000']);
    expect(await budget(r.token)).toEqual({ period: `${YEAR}-04`, allowance: '3.000', spent: '3.000', remaining: '0.000' });
    const spent = await ledger(r.id);
    expect(spent.spends.map((s) => s.epsilon_milli)).toEqual([600, 600, 600, 600, 600]);
    expect(new Set(spent.spends.map((s) => s.query_hash)).size).toBe(1);
    expect(spent.spentMilli).toBe(3000);
    const audited: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE actor_id = $1 AND action = 'REPORT_QUERY' AND details->>'epsilon' = '0.600'`, [r.id]);
    expect(audited[0]!.n).toBe(5);

    // The sixth identical query, a smaller one and the same through the CSV: refused, nothing written.
    expectRefused(await report({ ...DIFFERENCING, epsilon: '0.6' }, r.token), 'FORBIDDEN', 'PRIVACY_BUDGET_EXHAUSTED');
    expectRefused(await report({ ...DIFFERENCING, epsilon: '0.003' }, r.token), 'FORBIDDEN', 'PRIVACY_BUDGET_EXHAUSTED');
    const csv = await getCsv(t, `/reports/outcome.csv?instrumentKey=WHO5&scaleKey=WHO5_PERCENT&timePoints=MONTH_3&hairLossTypes=${ALL_BUT_AREATA.join(',')}&epsilon=0.6`, r.token);
    expect(csv.status).toBe(403);
    expect(JSON.parse(csv.text).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PRIVACY_BUDGET_EXHAUSTED' });
    const after = await ledger(r.id);
    expect(after.spends).toHaveLength(5);
    expect(after.spentMilli).toBe(3000);
    expect(await budget(r.token)).toMatchObject({ spent: '3.000', remaining: '0.000' });

    // Exact catalogue reports cost nothing and stay available.
    const exact = must(await report(BASE, r.token), 'exact').outcomeReport;
    expect(exact).toMatchObject({ mode: 'EXACT', epsilonSpent: '0.000', epsilonRemaining: '0.000' });

    // Next month the allowance is new.
    await w.moveClock(new Date(Date.UTC(YEAR, 4, 2, 9)));
    expect(await budget(r.token)).toEqual({ period: `${YEAR}-05`, allowance: '3.000', spent: '0.000', remaining: '3.000' });
    await w.moveClock(new Date(Date.UTC(YEAR, 3, 2, 9)));
  });

  it('2e. the CSV spends from the same budget', async () => {
    const r = await newResearcher();
    const csv = await getCsv(t, `/reports/outcome.csv?instrumentKey=WHO5&scaleKey=WHO5_PERCENT&timePoints=MONTH_3&sexes=MALE&epsilon=0.9`, r.token);
    expect(csv.status).toBe(200);
    const rows = parseCsv(csv.text);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row['mode'] === 'NOISY' && row['epsilon_spent'] === '0.900' && row['sd_change'] === '' && row['t_statistic'] === '')).toBe(true);
    expect(await budget(r.token)).toMatchObject({ spent: '0.900', remaining: '2.100' });
    expect((await ledger(r.id)).spends.map((s) => s.epsilon_milli)).toEqual([900]);
  });

  it('2e. concurrent noisy queries cannot overspend: exactly as many succeed as the budget pays for', async () => {
    const r = await newResearcher();
    const results = await Promise.all(Array.from({ length: 8 }, () => report({ ...DIFFERENCING, epsilon: '0.6' }, r.token)));
    const ok = results.filter((x) => !x.errors);
    const refused = results.filter((x) => x.errors);
    expect(ok).toHaveLength(5);
    expect(refused.map((x) => x.errors![0]!.extensions.reason)).toEqual(['PRIVACY_BUDGET_EXHAUSTED', 'PRIVACY_BUDGET_EXHAUSTED', 'PRIVACY_BUDGET_EXHAUSTED']);
    expect(ok.map((x) => x.data!.outcomeReport.epsilonRemaining).sort()).toEqual(['0.000', '0.600', '1.200', '1.800', '2.400']);
    const l = await ledger(r.id);
    expect(l.spends).toHaveLength(5);
    expect(l.spentMilli).toBe(3000);
  });
});
