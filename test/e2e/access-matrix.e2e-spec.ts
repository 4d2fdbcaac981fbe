import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import {
  enrolClient,
  issueLink,
  newClinicWithStaff,
  newResearcher,
  startTestApp,
  TEST_PASSWORD,
  type GqlResult,
  type TestApp,
} from '../../libs/testing/src/index.js';

// Role × operation: every Query and Mutation of schema.gql against every caller, with the expected
// outcome. An operation added to the schema without a row here fails the first test.
type Caller = 'anonymous' | 'clientLink' | 'staffA' | 'staffB' | 'researcher' | 'admin';
// BAD_USER_INPUT: the caller got past access control and the (deliberately invalid) input was refused.
type Outcome = 'ALLOW' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'ALLOW_OWN_ONLY' | 'BAD_USER_INPUT';
const CALLERS: Caller[] = ['anonymous', 'clientLink', 'staffA', 'staffB', 'researcher', 'admin'];

interface World {
  t: TestApp;
  adminToken: string;
  clinicA: string;
  staffAToken: string;
  staffAEmail: string;
  clientA: string;
}

interface Row {
  /** Builds a fresh target in clinic A (so allowed mutations do not disturb other rows). */
  run(w: World, bearer: string | undefined): Promise<GqlResult>;
  expect: Record<Caller, Outcome>;
  /** For list operations: the response must not contain clinic A's data. */
  leaks?: (r: GqlResult, w: World) => boolean;
}

const staffOnly = (own: Outcome = 'ALLOW', other: Outcome = 'NOT_FOUND'): Record<Caller, Outcome> => ({
  anonymous: 'UNAUTHENTICATED',
  clientLink: 'UNAUTHENTICATED',
  staffA: own,
  staffB: other,
  researcher: 'FORBIDDEN',
  admin: 'FORBIDDEN',
});
const adminOnly: Record<Caller, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  clientLink: 'UNAUTHENTICATED',
  staffA: 'FORBIDDEN',
  staffB: 'FORBIDDEN',
  researcher: 'FORBIDDEN',
  admin: 'ALLOW',
};
const anySignedIn: Record<Caller, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  clientLink: 'UNAUTHENTICATED',
  staffA: 'ALLOW',
  staffB: 'ALLOW',
  researcher: 'ALLOW',
  admin: 'ALLOW',
};
const researcherOnly: Record<Caller, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  clientLink: 'UNAUTHENTICATED',
  staffA: 'FORBIDDEN',
  staffB: 'FORBIDDEN',
  researcher: 'ALLOW',
  admin: 'FORBIDDEN',
};
// Link-token operations: whoever holds the token (no account needed) reaches that one survey.
const linkHolder: Record<Caller, Outcome> = {
  anonymous: 'ALLOW',
  clientLink: 'ALLOW',
  staffA: 'ALLOW',
  staffB: 'ALLOW',
  researcher: 'ALLOW',
  admin: 'ALLOW',
};

async function freshAssignment(w: World, instrument = 'RSES') {
  const c = await enrolClient(w.t, w.staffAToken);
  return { clientId: c.id, assignmentId: c.surveyAssignments.find((a) => a.instrumentKey === instrument)!.id };
}
const rsesAnswers = Array.from({ length: 10 }, (_, i) => ({ itemCode: `RSES_${i + 1}`, value: 1 }));
let seq = 0;
const key = () => `matrix-key-${++seq}-${Date.now()}`;

const MATRIX: Record<string, Row> = {
  // Queries
  me: { run: (w, b) => w.t.gql(`{ me { id role } }`, {}, b), expect: anySignedIn },
  instruments: { run: (w, b) => w.t.gql(`{ instruments { key version } }`, {}, b), expect: anySignedIn },
  clinics: {
    run: (w, b) => w.t.gql(`{ clinics { id name } }`, {}, b),
    expect: { ...staffOnly('ALLOW', 'ALLOW_OWN_ONLY'), admin: 'ALLOW' },
    leaks: (r, w) => JSON.stringify(r.data).includes(w.clinicA),
  },
  clinic: { run: (w, b) => w.t.gql(`query($id: ID!) { clinic(id: $id) { id name } }`, { id: w.clinicA }, b), expect: { ...staffOnly(), admin: 'ALLOW' } },
  staffAccounts: { run: (w, b) => w.t.gql(`{ staffAccounts { id email } }`, {}, b), expect: adminOnly },
  client: { run: (w, b) => w.t.gql(`query($id: ID!) { client(id: $id) { id email } }`, { id: w.clientA }, b), expect: staffOnly() },
  clients: {
    run: (w, b) => w.t.gql(`{ clients(first: 200) { totalCount items { id } } }`, {}, b),
    expect: staffOnly('ALLOW', 'ALLOW_OWN_ONLY'),
    leaks: (r, w) => JSON.stringify(r.data).includes(w.clientA),
  },
  surveyAssignments: {
    run: (w, b) => w.t.gql(`{ surveyAssignments(first: 200) { totalCount items { id clientId } } }`, {}, b),
    expect: staffOnly('ALLOW', 'ALLOW_OWN_ONLY'),
    leaks: (r, w) => JSON.stringify(r.data).includes(w.clientA),
  },
  surveyResponse: {
    run: async (w, b) => w.t.gql(`query($id: ID!) { surveyResponse(assignmentId: $id) { id } }`, { id: (await freshAssignment(w)).assignmentId }, b),
    expect: staffOnly(),
  },
  survey: {
    run: async (w) => w.t.gql(`query($t: String!) { survey(token: $t) { status } }`, { t: await issueLink(w.t, w.staffAToken, (await freshAssignment(w)).assignmentId) }),
    expect: linkHolder,
  },
  auditEvents: { run: (w, b) => w.t.gql(`{ auditEvents(first: 5) { totalCount items { action } } }`, {}, b), expect: adminOnly },
  outcomeReport: {
    run: (w, b) =>
      w.t.gql(`query($i: OutcomeReportInput!) { outcomeReport(input: $i) { mode cells { n suppressed } } }`, { i: { instrumentKey: 'RSES', scaleKey: 'RSES_TOTAL', timePoints: ['MONTH_3'] } }, b),
    expect: researcherOnly,
  },
  privacyBudget: { run: (w, b) => w.t.gql(`{ privacyBudget { period allowance spent remaining } }`, {}, b), expect: researcherOnly },
  clinicDashboard: {
    run: (w, b) => w.t.gql(`{ clinicDashboard { clients enrolmentByMonth { month count } } }`, {}, b),
    expect: staffOnly('ALLOW', 'ALLOW_OWN_ONLY'),
    // Clinic B enrols at most one client here (the enrolClient row); clinic A has many by now.
    leaks: (r) => (r.data as { clinicDashboard: { clients: number } }).clinicDashboard.clients > 1,
  },
  // Mutations
  refreshSession: {
    run: async (w) => {
      const s = await w.t.gql<{ login: { refreshToken: string } }>(`mutation($i: LoginInput!) { login(input: $i) { refreshToken } }`, { i: { email: w.staffAEmail, password: TEST_PASSWORD } });
      return w.t.gql(`mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`, { r: s.data!.login.refreshToken });
    },
    expect: linkHolder,
  },
  logout: {
    run: async (w) => {
      const s = await w.t.gql<{ login: { refreshToken: string } }>(`mutation($i: LoginInput!) { login(input: $i) { refreshToken } }`, { i: { email: w.staffAEmail, password: TEST_PASSWORD } });
      return w.t.gql(`mutation($r: String!) { logout(refreshToken: $r) }`, { r: s.data!.login.refreshToken });
    },
    expect: linkHolder,
  },
  changePassword: {
    // Same password twice: allowed callers reach the input rule (nobody's session is disturbed).
    run: (w, b) => w.t.gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`, { i: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } }, b),
    expect: { anonymous: 'UNAUTHENTICATED', clientLink: 'UNAUTHENTICATED', staffA: 'BAD_USER_INPUT', staffB: 'BAD_USER_INPUT', researcher: 'BAD_USER_INPUT', admin: 'BAD_USER_INPUT' },
  },
  setStaffAccountActive: {
    run: async (w, b) => {
      const acc = await w.t.gql<{ createStaffAccount: { id: string } }>(
        `mutation($i: CreateStaffAccountInput!) { createStaffAccount(input: $i) { id } }`,
        { i: { email: `${key()}@test.smp`, password: TEST_PASSWORD, displayName: 'X', role: 'RESEARCHER' } },
        w.adminToken,
      );
      return w.t.gql(`mutation($id: ID!) { setStaffAccountActive(id: $id, active: false) { active } }`, { id: acc.data!.createStaffAccount.id }, b);
    },
    expect: adminOnly,
  },
  eraseClient: {
    run: async (w, b) => w.t.gql(`mutation($id: ID!) { eraseClient(id: $id) { clientId } }`, { id: (await freshAssignment(w)).clientId }, b),
    expect: staffOnly(),
  },
  login: { run: (w) => w.t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: w.staffAEmail, password: TEST_PASSWORD } }), expect: linkHolder },
  createClinic: {
    run: (w, b) => w.t.gql(`mutation($i: CreateClinicInput!) { createClinic(input: $i) { id } }`, { i: { name: `M ${key()}`, country: 'FR', timeZone: 'Europe/Paris' } }, b),
    expect: adminOnly,
  },
  createStaffAccount: {
    run: (w, b) =>
      w.t.gql(
        `mutation($i: CreateStaffAccountInput!) { createStaffAccount(input: $i) { id } }`,
        { i: { email: `${key()}@test.smp`, password: TEST_PASSWORD, displayName: 'X', role: 'CLINIC_STAFF', clinicId: w.clinicA } },
        b,
      ),
    expect: adminOnly,
  },
  enrolClient: {
    run: (w, b) =>
      w.t.gql(
        `mutation($i: EnrolClientInput!) { enrolClient(input: $i) { id } }`,
        { i: { studyCode: key(), birthYear: 1980, sex: 'MALE', hairLossType: 'OTHER', fitzpatrickType: 2, priorTreatments: [], consents: [{ scope: 'CARE', version: '1' }] } },
        b,
      ),
    expect: staffOnly('ALLOW', 'ALLOW_OWN_ONLY'),
  },
  recordConsent: {
    run: async (w, b) => {
      const { clientId } = await freshAssignment(w);
      await w.t.gql(`mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { id } }`, { i: { clientId, scope: 'RESEARCH' } }, w.staffAToken);
      return w.t.gql(`mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, { i: { clientId, scope: 'RESEARCH', version: '2' } }, b);
    },
    expect: staffOnly(),
  },
  withdrawConsent: {
    run: async (w, b) => w.t.gql(`mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { id } }`, { i: { clientId: (await freshAssignment(w)).clientId, scope: 'RESEARCH' } }, b),
    expect: staffOnly(),
  },
  updateTreatmentCourse: {
    run: (w, b) => w.t.gql(`mutation($i: UpdateTreatmentCourseInput!) { updateTreatmentCourse(input: $i) { id } }`, { i: { clientId: w.clientA, insuranceCoverage: 'PARTIAL' } }, b),
    expect: staffOnly(),
  },
  recordTreatmentSession: {
    run: async (w, b) =>
      w.t.gql(
        `mutation($i: RecordTreatmentSessionInput!) { recordTreatmentSession(input: $i) { id } }`,
        { i: { clientId: (await freshAssignment(w)).clientId, sessionDate: '2026-03-01', areas: ['CROWN'] } },
        b,
      ),
    expect: staffOnly(),
  },
  recordAdverseEvent: {
    run: (w, b) =>
      w.t.gql(`mutation($i: RecordAdverseEventInput!) { recordAdverseEvent(input: $i) { id } }`, { i: { clientId: w.clientA, type: 'INFECTION', onsetDate: '2026-03-01', severity: 'MILD' } }, b),
    expect: staffOnly(),
  },
  issueSurveyLink: {
    run: async (w, b) => w.t.gql(`mutation($id: ID!) { issueSurveyLink(assignmentId: $id) { url } }`, { id: (await freshAssignment(w)).assignmentId }, b),
    expect: staffOnly(),
  },
  revokeSurveyLink: {
    run: async (w, b) => w.t.gql(`mutation($id: ID!) { revokeSurveyLink(assignmentId: $id) { id } }`, { id: (await freshAssignment(w)).assignmentId }, b),
    expect: staffOnly(),
  },
  cancelSurveyAssignment: {
    run: async (w, b) => w.t.gql(`mutation($id: ID!) { cancelSurveyAssignment(assignmentId: $id) { id } }`, { id: (await freshAssignment(w)).assignmentId }, b),
    expect: staffOnly(),
  },
  enterPaperResponse: {
    run: async (w, b) =>
      w.t.gql(
        `mutation($i: EnterPaperResponseInput!) { enterPaperResponse(input: $i) { id } }`,
        { i: { assignmentId: (await freshAssignment(w)).assignmentId, answers: rsesAnswers, idempotencyKey: key() } },
        b,
      ),
    expect: staffOnly(),
  },
  saveSurveyDraft: {
    run: async (w) =>
      w.t.gql(`mutation($i: SaveSurveyDraftInput!) { saveSurveyDraft(input: $i) }`, {
        i: { token: await issueLink(w.t, w.staffAToken, (await freshAssignment(w)).assignmentId), answers: rsesAnswers.slice(0, 2) },
      }),
    expect: linkHolder,
  },
  submitSurveyResponse: {
    run: async (w) =>
      w.t.gql(`mutation($i: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $i) { responseId } }`, {
        i: { token: await issueLink(w.t, w.staffAToken, (await freshAssignment(w)).assignmentId), answers: rsesAnswers, idempotencyKey: key() },
      }),
    expect: linkHolder,
  },
};

describe('authorisation matrix: every operation × every caller', () => {
  let w: World;
  const bearer: Partial<Record<Caller, string | undefined>> = {};

  beforeAll(async () => {
    const t = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
    const admin = await t.newAdmin();
    const a = await newClinicWithStaff(t, admin.token);
    const b = await newClinicWithStaff(t, admin.token);
    const me = await t.gql<{ me: { email: string } }>(`{ me { email } }`, {}, a.staffToken);
    const client = await enrolClient(t, a.staffToken);
    w = { t, adminToken: admin.token, clinicA: a.clinicId, staffAToken: a.staffToken, staffAEmail: me.data!.me.email, clientA: client.id };
    bearer.anonymous = undefined;
    // A survey link token sent as if it were an account token.
    bearer.clientLink = await issueLink(t, a.staffToken, client.surveyAssignments[0]!.id);
    bearer.staffA = a.staffToken;
    bearer.staffB = b.staffToken;
    bearer.researcher = await newResearcher(t, admin.token);
    bearer.admin = admin.token;
  });
  afterAll(() => w.t.close());

  it('covers every Query and Mutation field of schema.gql', () => {
    const schema = buildSchema(readFileSync('apps/api/schema.gql', 'utf8'));
    const ops = [...Object.keys(schema.getQueryType()?.getFields() ?? {}), ...Object.keys(schema.getMutationType()?.getFields() ?? {})];
    expect(ops.filter((op) => !(op in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((op) => !ops.includes(op))).toEqual([]);
  });

  const cases = Object.entries(MATRIX).flatMap(([op, row]) => CALLERS.map((caller) => ({ title: `${op} as ${caller} → ${row.expect[caller]}`, op, caller, row })));

  it.each(cases)('$title', async ({ row, caller }) => {
    const r = await row.run(w, bearer[caller]);
    const outcome = row.expect[caller];
    if (outcome === 'ALLOW' || outcome === 'ALLOW_OWN_ONLY') {
      expect(r.errors).toBeUndefined();
      expect(r.data).not.toBeNull();
      if (outcome === 'ALLOW_OWN_ONLY' && row.leaks) expect(row.leaks(r, w)).toBe(false);
    } else {
      expect(r.errors?.[0]?.extensions.code).toBe(outcome);
      // Nothing leaks: no data at all, or the (nullable) field itself is null.
      expect(Object.values(r.data ?? {}).every((v) => v === null)).toBe(true);
    }
  });
});
