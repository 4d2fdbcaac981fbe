import { randomUUID } from 'node:crypto';
import {
  enrolClient, issueLink, newClinicWithStaff, startTestApp, TEST_PASSWORD, type GqlResult, type TestApp,
} from '../../libs/testing/src/index.js';

// Who may ask for researcher reports: researchers only. Anonymous callers (and a survey-link token
// sent as a bearer) are UNAUTHENTICATED; clinic staff and administrators FORBIDDEN, with no data,
// and a refused noisy request spends and records no ε.
const REPORT = `query($input: OutcomeReportInput!) { outcomeReport(input: $input) { mode epsilonSpent cells { n } } }`;
const BUDGET = `{ privacyBudget { period allowance spent remaining } }`;
const EXACT = { instrumentKey: 'RSES', scaleKey: 'RSES_TOTAL', timePoints: ['MONTH_3'] };
const NOISY = { ...EXACT, filters: { sexes: ['MALE'] }, epsilon: '0.5' };
const CSV = '/reports/outcome.csv?instrumentKey=RSES&scaleKey=RSES_TOTAL&timePoints=MONTH_3';

describe('outcome reports and privacy budget: researchers only', () => {
  let t: TestApp;
  const tokens: Record<string, string | undefined> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
    const admin = await t.newAdmin();
    const clinic = await newClinicWithStaff(t, admin.token);
    const client = await enrolClient(t, clinic.staffToken);
    const email = `researcher-${randomUUID().slice(0, 8)}@test.smp`;
    const r = await t.gql<{ createStaffAccount: { id: string } }>(
      `mutation($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) { id } }`,
      { input: { email, password: TEST_PASSWORD, displayName: 'Researcher', role: 'RESEARCHER' } },
      admin.token,
    );
    ids['researcher'] = r.data!.createStaffAccount.id;
    ids['staff'] = clinic.staffId;
    ids['admin'] = (await t.gql<{ me: { id: string } }>(`{ me { id } }`, {}, admin.token)).data!.me.id;
    tokens['anonymous'] = undefined;
    tokens['surveyLink'] = await issueLink(t, clinic.staffToken, client.surveyAssignments[0]!.id);
    tokens['garbage'] = 'definitely-not-a-token';
    tokens['staff'] = clinic.staffToken;
    tokens['admin'] = admin.token;
    tokens['researcher'] = await t.login(email, TEST_PASSWORD);
  });
  afterAll(() => t.close());

  const expectRefused = (r: GqlResult, code: string) => {
    expect({ code: r.errors?.[0]?.extensions.code, data: r.data }).toEqual({ code, data: null });
  };
  const budgetRows = async (accountId: string) =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM privacy_budget WHERE researcher_id = $1) + (SELECT count(*)::int FROM privacy_spend WHERE researcher_id = $1) AS n`, [accountId]))[0].n as number;

  it.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['surveyLink', 'UNAUTHENTICATED'],
    ['garbage', 'UNAUTHENTICATED'],
    ['staff', 'FORBIDDEN'],
    ['admin', 'FORBIDDEN'],
  ])('5. %s is refused outcomeReport (exact and noisy), privacyBudget and the CSV: %s', async (caller, code) => {
    expectRefused(await t.gql(REPORT, { input: EXACT }, tokens[caller]), code);
    expectRefused(await t.gql(REPORT, { input: NOISY }, tokens[caller]), code);
    expectRefused(await t.gql(BUDGET, {}, tokens[caller]), code);
    const res = await fetch(`${t.baseUrl}${CSV}`, { headers: tokens[caller] ? { authorization: `Bearer ${tokens[caller]}` } : {} });
    expect(res.status).toBe(code === 'UNAUTHENTICATED' ? 401 : 403);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(code);
    if (ids[caller]) expect(await budgetRows(ids[caller]!)).toBe(0);
  });

  it('5. a researcher is answered (exact costs nothing, noisy spends ε)', async () => {
    const exact = await t.gql<{ outcomeReport: { mode: string; epsilonSpent: string } }>(REPORT, { input: EXACT }, tokens['researcher']);
    expect(exact.errors).toBeUndefined();
    expect(exact.data!.outcomeReport).toMatchObject({ mode: 'EXACT', epsilonSpent: '0.000' });
    const noisy = await t.gql<{ outcomeReport: { mode: string; epsilonSpent: string } }>(REPORT, { input: NOISY }, tokens['researcher']);
    expect(noisy.errors).toBeUndefined();
    expect(noisy.data!.outcomeReport.mode).toBe('NOISY');
    const budget = await t.gql<{ privacyBudget: { spent: string } }>(BUDGET, {}, tokens['researcher']);
    expect(budget.data!.privacyBudget.spent).toBe(noisy.data!.outcomeReport.epsilonSpent);
    expect((await fetch(`${t.baseUrl}${CSV}`, { headers: { authorization: `Bearer ${tokens['researcher']}` } })).status).toBe(200);
  });

  it('5. a disabled researcher account is refused at once', async () => {
    const admin = await t.newAdmin();
    const off = await t.gql(`mutation($id: ID!) { setStaffAccountActive(id: $id, active: false) { active } }`, { id: ids['researcher'] }, admin.token);
    expect(off.errors).toBeUndefined();
    expectRefused(await t.gql(REPORT, { input: EXACT }, tokens['researcher']), 'UNAUTHENTICATED');
    expectRefused(await t.gql(BUDGET, {}, tokens['researcher']), 'UNAUTHENTICATED');
    expect((await fetch(`${t.baseUrl}${CSV}`, { headers: { authorization: `Bearer ${tokens['researcher']}` } })).status).toBe(401);
  });
});
