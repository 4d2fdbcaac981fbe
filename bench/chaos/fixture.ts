// Builds the data the run needs through the public API, as a clinic would: a clinic, a staff
// account, enough enrolled clients for N baseline surveys, one survey link per survey, and one
// valid set of answers per submission.
import { describe, expectData, gql, type Outcome } from './graphql.js';
import { inParallel, log, Progress } from './util.js';

export const ADMIN_EMAIL = 'chaos-admin@test.smp';
export const ADMIN_PASSWORD = 'chaos-admin-password-1';
const STAFF_EMAIL = 'chaos-staff@test.smp';
const STAFF_PASSWORD = 'chaos-staff-password-1';
const IN_FLIGHT = 8;

export interface Submission {
  readonly index: number;
  readonly assignmentId: string;
  readonly instrumentKey: string;
  readonly token: string;
  readonly idempotencyKey: string;
  readonly answers: readonly { itemCode: string; value: number }[];
}

export interface Fixture {
  readonly clinicId: string;
  readonly submissions: Submission[];
}

/** A signed-in account; logs in again when the 15-minute access token has expired. */
class Session {
  private token = '';

  constructor(
    private readonly baseUrl: string,
    private readonly email: string,
    private readonly password: string,
  ) {}

  async login(): Promise<void> {
    const o = await gql(this.baseUrl, `mutation($input: LoginInput!){ login(input:$input){ accessToken } }`, {
      input: { email: this.email, password: this.password },
    });
    this.token = expectData<{ login: { accessToken: string } }>(o, `login ${this.email}`).login.accessToken;
  }

  async call<T>(what: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let o: Outcome = await gql(this.baseUrl, query, variables, { token: this.token, timeoutMs: 30_000 });
    if (o.kind === 'graphql-error' && o.code === 'UNAUTHENTICATED') {
      await this.login();
      o = await gql(this.baseUrl, query, variables, { token: this.token, timeoutMs: 30_000 });
    }
    return expectData<T>(o, what);
  }
}

export async function buildFixture(baseUrl: string, n: number, runId: string): Promise<Fixture> {
  const started = Date.now();
  const admin = new Session(baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
  await admin.login();
  const { createClinic } = await admin.call<{ createClinic: { id: string } }>(
    'createClinic',
    `mutation($input: CreateClinicInput!){ createClinic(input:$input){ id } }`,
    { input: { name: `Chaos clinic ${runId}`, country: 'DE', timeZone: 'Europe/Berlin' } },
  );
  const clinicId = createClinic.id;
  await admin.call('createStaffAccount', `mutation($input: CreateStaffAccountInput!){ createStaffAccount(input:$input){ id } }`, {
    input: { email: STAFF_EMAIL, password: STAFF_PASSWORD, displayName: 'Chaos staff', role: 'CLINIC_STAFF', clinicId },
  });
  const staff = new Session(baseUrl, STAFF_EMAIL, STAFF_PASSWORD);
  await staff.login();
  log(`fixture: clinic ${clinicId}, staff account ready`);

  // Each enrolment opens three BASELINE surveys (RSES, WHO5, HLD).
  const clientCount = Math.ceil(n / 3);
  const enrolProgress = new Progress('fixture: clients enrolled', clientCount);
  const enrolled = await inParallel(Array.from({ length: clientCount }, (_, i) => i), IN_FLIGHT, async (i) => {
    const { enrolClient } = await staff.call<{ enrolClient: { id: string; surveyAssignments: { id: string; instrumentKey: string }[] } }>(
      'enrolClient',
      `mutation($input: EnrolClientInput!){ enrolClient(input:$input){ id surveyAssignments { id instrumentKey } } }`,
      {
        input: {
          studyCode: `CH-${String(i).padStart(6, '0')}`,
          birthYear: 1960 + (i % 40),
          sex: 'MALE',
          hairLossType: 'ANDROGENETIC_ALOPECIA',
          fitzpatrickType: 1 + (i % 6),
          priorTreatments: [],
          consents: [{ scope: 'CARE', version: '1' }],
        },
      },
    );
    enrolProgress.tick();
    return enrolClient.surveyAssignments;
  });
  const assignments = enrolled.flat().slice(0, n);
  if (assignments.length < n) throw new Error(`enrolment produced ${assignments.length} surveys, ${n} needed`);

  const linkProgress = new Progress('fixture: survey links issued', n);
  const tokens = await inParallel(assignments, IN_FLIGHT, async (a) => {
    const { issueSurveyLink } = await staff.call<{ issueSurveyLink: { token: string } }>(
      'issueSurveyLink',
      `mutation($id: ID!){ issueSurveyLink(assignmentId:$id){ token } }`,
      { id: a.id },
    );
    linkProgress.tick();
    return issueSurveyLink.token;
  });

  // The items of each instrument, read once the way the client's phone would.
  const items = new Map<string, { code: string; options: { code: number }[] }[]>();
  for (const [i, a] of assignments.entries()) {
    if (items.has(a.instrumentKey)) continue;
    const o = await gql(baseUrl, `query($t: String!){ survey(token:$t){ status items { code options { code } } } }`, { t: tokens[i] });
    const survey = expectData<{ survey: { status: string; items: { code: string; options: { code: number }[] }[] } }>(o, 'survey').survey;
    if (survey.status !== 'OPEN' || survey.items.length === 0) throw new Error(`survey ${a.instrumentKey} is ${survey.status} with ${survey.items.length} items`);
    if (survey.items.some((it) => it.options.length === 0)) throw new Error(`survey ${a.instrumentKey} has an item without options: ${describe(o)}`);
    items.set(a.instrumentKey, survey.items);
  }

  // Fixed per submission: every retry must send exactly the same answers with the same key.
  const submissions = assignments.map((a, index): Submission => ({
    index,
    assignmentId: a.id,
    instrumentKey: a.instrumentKey,
    token: tokens[index]!,
    idempotencyKey: `chaos-${runId}-${index}`,
    answers: items.get(a.instrumentKey)!.map((it, j) => ({ itemCode: it.code, value: it.options[(index + j) % it.options.length]!.code })),
  }));
  const secs = (Date.now() - started) / 1000;
  log(`fixture: ${clientCount} clients, ${n} survey links, instruments ${[...items.keys()].join('/')} in ${secs.toFixed(1)} s`);
  return { clinicId, submissions };
}
