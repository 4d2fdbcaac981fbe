import { randomUUID } from 'node:crypto';
import { AuthTokens } from '../../../apps/api/src/auth/auth-tokens.service.js';
import { StaffAccount } from '../../../apps/api/src/auth/staff-account.entity.js';
// The demo registry's deterministic PRNG: the same spec file always builds the same registry.
import { rng } from '../../../apps/api/src/demo/demo-seed.js';
import { enrolClient, issueLink, SUBMIT, TEST_PASSWORD, type GqlResult, type TestApp } from '../../../libs/testing/src/index.js';

// A registry built through the public GraphQL API, fast enough for report tests: clinics with
// staff, clients enrolled in January of `year`, baseline answers entered on paper, one final
// session on 5 January, MONTH_3 answered from survey links on day +80 (window day +76..+118), and
// the clock then moved to 2 April, so the snapshot (data before 1 April) holds all of it.
//
// Reports pool every clinic of the test database and Jest runs all spec files on one database, so
// each spec file picks its own year and scale: a snapshot of `year` holds nothing of later years.
//
// Access tokens are minted with the API's own AuthTokens (same secret, claims and lifetime as
// `login`) instead of signing in: the sign-in throttle counts failed sign-ins of the address since
// "now − 15 minutes" with no upper bound, so the failures other suites provoke at their (later)
// clocks would block every sign-in at our earlier clocks. Every request still goes over HTTP.

export type Instrument = 'RSES' | 'WHO5' | 'HLD' | 'SMP_SAT' | 'PGIC';

interface InstrumentShape {
  readonly scaleKey: string;
  readonly items: readonly string[];
  readonly min: number;
  readonly max: number;
  readonly higherIsBetter: boolean;
  /** The scale score from raw answer codes (written out here from the published rules, not imported). */
  readonly score: (answers: readonly number[]) => number;
}

const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}_${i + 1}`);
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
// RSES in Rosenberg's order: items 2, 5, 6, 8, 9 are negatively worded and reverse-scored (3 − code).
const RSES_REVERSED = new Set([1, 4, 5, 7, 8]);

export const INSTRUMENTS: Record<Instrument, InstrumentShape> = {
  RSES: { scaleKey: 'RSES_TOTAL', items: codes('RSES', 10), min: 0, max: 3, higherIsBetter: true, score: (a) => sum(a.map((v, i) => (RSES_REVERSED.has(i) ? 3 - v : v))) },
  WHO5: { scaleKey: 'WHO5_PERCENT', items: codes('WHO5', 5), min: 0, max: 5, higherIsBetter: true, score: (a) => 4 * sum(a) },
  HLD: { scaleKey: 'HLD_TOTAL', items: codes('HLD', 6), min: 0, max: 4, higherIsBetter: false, score: (a) => sum(a) },
  // Mean × 25, rounded to 4 decimals (the registry's published rule for repeating fractions).
  SMP_SAT: { scaleKey: 'SMP_SAT_SCORE', items: codes('SMP_SAT', 9), min: 0, max: 4, higherIsBetter: true, score: (a) => Math.round((sum(a) * 25 * 10_000) / a.length) / 10_000 },
  PGIC: { scaleKey: 'PGIC', items: ['PGIC_1'], min: 1, max: 7, higherIsBetter: false, score: (a) => a[0]! },
};

/** Raw answer codes around `level` (0 = lowest, 1 = highest code), each item jittered by ±1. */
export function answersAt(instrument: Instrument, level: number, rand: () => number): number[] {
  const { items, min, max } = INSTRUMENTS[instrument];
  return items.map((_, i) => {
    let target = min + level * (max - min) + (rand() < 0.5 ? -1 : 1) * Math.round(rand());
    // RSES reverse items: a better state is a lower code.
    if (instrument === 'RSES' && RSES_REVERSED.has(i)) target = max - (target - min);
    return Math.max(min, Math.min(max, Math.round(target)));
  });
}

export type FollowUpKind =
  | 'PAIRED' // baseline and MONTH_3 before the snapshot
  | 'BASELINE_ONLY_OPEN' // baseline; MONTH_3 still open at the snapshot (not yet attrition)
  | 'ATTRITION'; // baseline; final session back-dated so MONTH_3 closed unanswered before the snapshot

export interface ClientSpec {
  readonly clinic: number;
  readonly hairLossType?: string;
  readonly sex?: string;
  readonly birthYear?: number;
  /** RESEARCH consent besides CARE (default true). */
  readonly research?: boolean;
  readonly kind?: FollowUpKind;
  /** Baseline and follow-up levels 0..1 of the scale's answers. */
  readonly baselineLevel?: number;
  readonly followUpLevel?: number;
  /** More MONTH_3 questionnaires (e.g. SMP_SAT, PGIC) with their raw answers. */
  readonly extraMonth3?: readonly { instrument: Instrument; answers: number[] }[];
}

export interface BuiltClient {
  readonly id: string;
  readonly spec: ClientSpec;
  readonly clinic: number;
  readonly research: boolean;
  readonly baselineAnswers: number[];
  /** null until the MONTH_3 answers are stored. */
  followUpAnswers: number[] | null;
  readonly month3AssignmentId?: string;
}

export interface BuiltClinic {
  readonly id: string;
  readonly name: string;
  readonly staffId: string;
  staffToken: string;
}

type Gql = <T = Record<string, any>>(q: string, v?: Record<string, unknown>, token?: string) => Promise<GqlResult<T>>;

export function must<T>(r: GqlResult<T>, what: string): T {
  if (!r.data || r.errors) throw new Error(`${what}: ${JSON.stringify(r.errors)}`);
  return r.data;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

export class ReportWorld {
  readonly clinics: BuiltClinic[] = [];
  readonly clients: BuiltClient[] = [];
  adminToken = '';
  adminId = '';
  researcherToken = '';
  researcherId = '';
  /** Extra accounts (e.g. more researchers) whose tokens `relogin` renews. */
  private readonly extra: { id: string; role: 'RESEARCHER' | 'ADMIN' | 'CLINIC_STAFF'; clinicId: string | null; set: (token: string) => void }[] = [];
  private readonly rand: () => number;

  private constructor(
    readonly t: TestApp,
    readonly year: number,
    readonly instrument: Instrument,
    seed: number,
  ) {
    this.rand = rng(seed);
  }

  get gql(): Gql {
    return this.t.gql.bind(this.t) as Gql;
  }
  /** The final session every January client had. */
  get finalSession(): Date {
    return new Date(Date.UTC(this.year, 0, 5));
  }
  /** 00:00 UTC on 1 April: the snapshot cutoff once the clock is in April. */
  get cutoff(): Date {
    return new Date(Date.UTC(this.year, 3, 1));
  }
  get scaleKey(): string {
    return INSTRUMENTS[this.instrument].scaleKey;
  }

  static async build(
    t: TestApp,
    opts: { year: number; instrument: Instrument; seed: number; clinics: readonly { name: string; country?: string }[]; clients: readonly ClientSpec[] },
  ): Promise<ReportWorld> {
    const w = new ReportWorld(t, opts.year, opts.instrument, opts.seed);
    t.clock.set(new Date(Date.UTC(opts.year, 0, 5, 9)));
    w.adminId = await w.insertAdmin();
    w.adminToken = w.mint(w.adminId, 'ADMIN', null);
    for (const c of opts.clinics) w.clinics.push(await w.newClinic(c.name, c.country ?? 'DE'));
    w.researcherId = await w.newAccount('RESEARCHER', null);
    w.researcherToken = w.mint(w.researcherId, 'RESEARCHER', null);

    // January: enrol, baseline on paper, final session (back-dated for the attrition clients).
    const pending: { client: BuiltClient; spec: ClientSpec }[] = [];
    for (const spec of opts.clients) {
      const kind = spec.kind ?? 'PAIRED';
      const session = kind === 'ATTRITION' ? new Date(Date.UTC(opts.year - 1, 10, 20)) : w.finalSession;
      const client = await w.enrolWithBaseline(spec, session);
      if (kind === 'PAIRED') pending.push({ client, spec });
    }
    // Day +80: the MONTH_3 window is open; the clients answer from their links.
    t.clock.set(new Date(addDays(w.finalSession, 80).getTime() + 9 * 3_600_000));
    await w.renewTokens();
    for (const { client, spec } of pending) await w.answerMonth3(client, spec);
    // 2 April: everything above is before the snapshot cutoff (1 April).
    await w.moveClock(new Date(Date.UTC(opts.year, 3, 2, 9)));
    return w;
  }

  async newClinic(name: string, country: string): Promise<BuiltClinic> {
    const c = must(
      await this.gql<{ createClinic: { id: string } }>(`mutation($input: CreateClinicInput!) { createClinic(input: $input) { id } }`, {
        input: { name, country, timeZone: 'Europe/Berlin' },
      }, this.adminToken),
      'create clinic',
    );
    const staffId = await this.newAccount('CLINIC_STAFF', c.createClinic.id);
    return { id: c.createClinic.id, name, staffId, staffToken: this.mint(staffId, 'CLINIC_STAFF', c.createClinic.id) };
  }

  /** A staff account created by the administrator through the API; returns its id. */
  async newAccount(role: 'RESEARCHER' | 'CLINIC_STAFF', clinicId: string | null): Promise<string> {
    const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@test.smp`;
    const r = must(
      await this.gql<{ createStaffAccount: { id: string } }>(`mutation($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) { id } }`, {
        input: { email, password: TEST_PASSWORD, displayName: role, role, ...(clinicId ? { clinicId } : {}) },
      }, this.adminToken),
      `create ${role}`,
    );
    return r.createStaffAccount.id;
  }

  /** Another researcher with a budget of their own; the token is renewed with everyone else's. */
  async newResearcher(): Promise<{ id: string; token: string }> {
    const id = await this.newAccount('RESEARCHER', null);
    const r = { id, token: this.mint(id, 'RESEARCHER', null) };
    this.extra.push({ id, role: 'RESEARCHER', clinicId: null, set: (token) => (r.token = token) });
    return r;
  }

  /** An access token as `login` would issue it now (see the note at the top). */
  mint(accountId: string, role: 'ADMIN' | 'RESEARCHER' | 'CLINIC_STAFF', clinicId: string | null): string {
    return this.t.app.get(AuthTokens).issue({ accountId, role, clinicId }).token;
  }

  /** The first administrator, inserted directly as the harness does (the API cannot create one). */
  private async insertAdmin(): Promise<string> {
    const id = randomUUID();
    await this.t.dataSource.manager.insert(StaffAccount, {
      id, email: `admin-${id.slice(0, 8)}@test.smp`, passwordHash: 'not-used-tokens-are-minted', role: 'ADMIN', clinicId: null,
      displayName: 'Test admin', pseudonym: `P-${id.slice(0, 8).toUpperCase()}`, active: true, createdAt: this.t.clock.now(),
    });
    return id;
  }

  /** Access tokens live 15 minutes of the test clock: new ones for everyone after moving it. */
  async renewTokens(): Promise<void> {
    for (const c of this.clinics) c.staffToken = this.mint(c.staffId, 'CLINIC_STAFF', c.id);
    this.researcherToken = this.mint(this.researcherId, 'RESEARCHER', null);
    this.adminToken = this.mint(this.adminId, 'ADMIN', null);
    for (const e of this.extra) e.set(this.mint(e.id, e.role, e.clinicId));
  }

  async moveClock(to: Date): Promise<void> {
    this.t.clock.set(to);
    await this.renewTokens();
  }

  /** Enrols now, answers the scale's baseline on paper and records the final session on `session`. */
  async enrolWithBaseline(spec: ClientSpec, session: Date): Promise<BuiltClient> {
    const clinic = this.clinics[spec.clinic]!;
    const research = spec.research ?? true;
    const enrolled = await enrolClient(this.t, clinic.staffToken, {
      hairLossType: spec.hairLossType ?? 'ANDROGENETIC_ALOPECIA',
      sex: spec.sex ?? 'MALE',
      birthYear: spec.birthYear ?? 1985,
      consents: research ? [{ scope: 'CARE', version: '2026-01' }, { scope: 'RESEARCH', version: '2026-01' }] : [{ scope: 'CARE', version: '2026-01' }],
    });
    const baseline = enrolled.surveyAssignments.find((a) => a.timePoint === 'BASELINE' && a.instrumentKey === this.instrument);
    if (!baseline) throw new Error(`no BASELINE ${this.instrument} assignment`);
    const baselineAnswers = answersAt(this.instrument, spec.baselineLevel ?? 0.35, this.rand);
    must(
      await this.gql(`mutation($input: EnterPaperResponseInput!) { enterPaperResponse(input: $input) { id } }`, {
        input: { assignmentId: baseline.id, idempotencyKey: `paper-${baseline.id}`, answers: this.answerInput(this.instrument, baselineAnswers) },
      }, clinic.staffToken),
      'baseline',
    );
    must(
      await this.gql(`mutation($input: RecordTreatmentSessionInput!) { recordTreatmentSession(input: $input) { finalSessionDate } }`, {
        input: { clientId: enrolled.id, sessionDate: iso(session), areas: ['HAIRLINE'], isFinal: true, practitionerId: clinic.staffId },
      }, clinic.staffToken),
      'final session',
    );
    const built: BuiltClient = { id: enrolled.id, spec, clinic: spec.clinic, research, baselineAnswers, followUpAnswers: null };
    this.clients.push(built);
    return built;
  }

  /** The client answers the MONTH_3 questionnaire(s) from survey links, now. */
  async answerMonth3(client: BuiltClient, spec: ClientSpec = client.spec): Promise<void> {
    const clinic = this.clinics[client.clinic]!;
    const c = must(
      await this.gql<{ client: { surveyAssignments: { id: string; timePoint: string; instrumentKey: string; status: string }[] } }>(
        `query($id: ID!) { client(id: $id) { surveyAssignments { id timePoint instrumentKey status } } }`,
        { id: client.id },
        clinic.staffToken,
      ),
      'client',
    );
    const answers = answersAt(this.instrument, spec.followUpLevel ?? 0.65, this.rand);
    const todo: { instrument: Instrument; answers: number[] }[] = [{ instrument: this.instrument, answers }, ...(spec.extraMonth3 ?? [])];
    for (const q of todo) {
      const a = c.client.surveyAssignments.find((x) => x.timePoint === 'MONTH_3' && x.instrumentKey === q.instrument);
      if (!a || a.status !== 'OPEN') throw new Error(`MONTH_3 ${q.instrument} not open: ${JSON.stringify(a)}`);
      const token = await issueLink(this.t, clinic.staffToken, a.id);
      must(await this.gql(SUBMIT, { input: { token, idempotencyKey: `m3-${a.id}`, answers: this.answerInput(q.instrument, q.answers) } }), 'MONTH_3');
    }
    client.followUpAnswers = answers;
  }

  /**
   * A client enrolled now (after the cutoff) whose final session was on 5 January: the MONTH_3
   * window is open in April, so baseline and follow-up both arrive in the current month.
   */
  async newPairedClientNow(spec: ClientSpec): Promise<BuiltClient> {
    const c = await this.enrolWithBaseline(spec, this.finalSession);
    await this.answerMonth3(c, spec);
    return c;
  }

  answerInput(instrument: Instrument, answers: readonly number[]) {
    return INSTRUMENTS[instrument].items.map((itemCode, i) => ({ itemCode, value: answers[i] }));
  }

  score(answers: readonly number[], instrument: Instrument = this.instrument): number {
    return INSTRUMENTS[instrument].score(answers);
  }

  /** Change oriented so that positive = better (sign turned for higher-is-worse scales). */
  change(c: BuiltClient): number {
    const d = this.score(c.followUpAnswers!) - this.score(c.baselineAnswers);
    return INSTRUMENTS[this.instrument].higherIsBetter ? d : -d;
  }

  /** Research-consented clients with both scores. */
  pairedResearch(filter: (c: BuiltClient) => boolean = () => true): BuiltClient[] {
    return this.clients.filter((c) => c.research && c.followUpAnswers !== null && filter(c));
  }

  clinicOf(c: BuiltClient): BuiltClinic {
    return this.clinics[c.clinic]!;
  }
}

// ---- statistics written out in the test, independent of libs/statistics ----
export const mean = (xs: readonly number[]) => sum(xs) / xs.length;
export const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1));
};

/** Raw HTTP: the exact bytes the API sent (for "nothing changed" and "nothing leaked" checks). */
export async function rawGql(t: TestApp, query: string, variables: Record<string, unknown>, token?: string): Promise<{ status: number; text: string; body: any }> {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

export async function getCsv(t: TestApp, path: string, token?: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${t.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** RFC 4180 (CRLF rows, quoted fields with doubled quotes) → objects by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

export const REPORT_FIELDS = `
  instrumentKey scaleKey mode k dataThrough snapshot groupBy suppressedCells epsilonSpent epsilonRemaining budgetPeriod
  cells {
    timePoint groups { dimension value } suppressed suppression n
    statistics {
      n meanChange sdChange df ciLower ciUpper tStatistic tPValue cohenDz hedgesG
      baseline { n mean sd median q1 q3 } followUp { n mean sd median q1 q3 } change { n mean sd median }
      wilcoxon { statistic pValue method } reliableChange { reliability seDiff proportionImproved } mcid { mcid proportionReached }
    }
    noisy { n baselineMean followUpMean meanChange }
  }
  timePoints {
    timePoint eligible responded responseRate baselineOnly pairedN cronbachAlphaBaseline cronbachAlphaFollowUp reliability reliabilitySource
    pooled { clinicsPooled estimate se ciLower ciUpper pValue tau2 i2 q }
    funnel { clinic n meanChange lower95 upper95 outside95 }
    funnelCenter funnelSigma withheld
  }`;

export const OUTCOME_REPORT = `query($input: OutcomeReportInput!) { outcomeReport(input: $input) { ${REPORT_FIELDS} } }`;
export const PRIVACY_BUDGET = `{ privacyBudget { period allowance spent remaining } }`;

export interface ReportCell {
  timePoint: string;
  groups: { dimension: string; value: string }[];
  suppressed: boolean;
  suppression: string | null;
  n: number | null;
  statistics: null | {
    n: number; meanChange: number | null; sdChange: number | null; tStatistic: number | null;
    baseline: { n: number; mean: number | null; sd: number | null }; followUp: { n: number; mean: number | null; sd: number | null };
  };
  noisy: null | { n: number; baselineMean: number | null; followUpMean: number | null; meanChange: number | null };
}
export interface TimePointSummary {
  timePoint: string; eligible: number | null; responded: number | null; responseRate: number | null; baselineOnly: number | null; pairedN: number | null;
  pooled: null | { clinicsPooled: number; estimate: number | null; se: number | null; tau2: number | null; q: number | null; i2: number | null };
  funnel: { clinic: string | null; n: number; meanChange: number | null }[];
  funnelCenter: number | null; funnelSigma: number | null; withheld: string | null;
}
export interface OutcomeReport {
  mode: string; k: number; dataThrough: string; snapshot: string; suppressedCells: number; epsilonSpent: string; epsilonRemaining: string | null; budgetPeriod: string;
  cells: ReportCell[]; timePoints: TimePointSummary[];
}

export const margin = (r: OutcomeReport, timePoint = 'MONTH_3'): ReportCell => {
  const m = r.cells.filter((c) => c.timePoint === timePoint && c.groups.length === 0);
  if (m.length !== 1) throw new Error(`expected one margin cell, got ${m.length}`);
  return m[0]!;
};
