// The hostile requests of test/e2e/hostile-requests.e2e-spec.ts, by category. Deterministic: the
// same world gives the same requests (fast-check runs with a fixed seed).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { HostileRequest } from './http.js';
import {
  BAD_INTS,
  GARBAGE_BYTES,
  HUGE_STRINGS,
  INJECTIONS,
  INJECTION_SAMPLE,
  LONG_STRINGS,
  UNKNOWN_MEMBERS,
  WRONG_FOR_BOOLEAN,
  WRONG_FOR_DATETIME,
  WRONG_FOR_ENUM,
  WRONG_FOR_INT,
  WRONG_FOR_STRING,
} from './payloads.js';
import {
  getAt,
  inlineDocument,
  operationDocument,
  pathText,
  positions,
  REMOVE,
  setAt,
  stringsIn,
  withRawMember,
  type Position,
  type SchemaOp,
} from './variants.js';

export type Caller = 'anonymous' | 'staffA' | 'staffB' | 'researcher' | 'admin';
export const CALLERS: readonly Caller[] = ['anonymous', 'staffA', 'staffB', 'researcher', 'admin'];

/** What the suite sets up before it records the row counts. */
export interface World {
  readonly tokens: Readonly<Record<Caller, string | undefined>>;
  readonly jwtSecret: string;
  /** The API clock, in seconds since the epoch. */
  readonly nowSeconds: number;
  readonly clinicA: string;
  readonly clinicB: string;
  readonly staffA: string;
  readonly staffAEmail: string;
  readonly staffB: string;
  readonly clientA1: string;
  readonly clientA2: string;
  readonly clientB: string;
  readonly studyCodeA: string;
  readonly studyCodeB: string;
  /** RSES baseline of clientA1 / clientB (open). */
  readonly assignmentA: string;
  readonly assignmentB: string;
  /** A valid link of clientA1's RSES baseline. */
  readonly linkA: string;
  readonly supersededLink: string;
  readonly revokedLink: string;
  /** The link of a baseline closed by the first session. */
  readonly expiredLink: string;
  /** RSES items and their option codes. */
  readonly rsesItems: readonly { readonly code: string; readonly options: readonly number[] }[];
}

const NO_SUCH_ID = '5b0d6c3e-0f5a-4c61-9a57-3f1d2a9e8b70';

/**
 * Per operation: who sends it and the variables it is sent with. Every mutation's base is built
 * to FAIL for each of its callers (ids of another clinic, a taken study code, …) for reasons that
 * no single hostile change removes, so hostile variants can never write a row. Queries read the
 * caller's own rows (reads write nothing but the audit log).
 */
export interface Plan {
  readonly callers: readonly Caller[];
  readonly base: (caller: Caller, w: World) => Record<string, unknown>;
}

const foreignClient = (c: Caller, w: World) => (c === 'staffA' ? w.clientB : w.clientA1);
const foreignAssignment = (c: Caller, w: World) => (c === 'staffA' ? w.assignmentB : w.assignmentA);
const STAFF_MUTATION: readonly Caller[] = ['anonymous', 'staffA', 'staffB', 'researcher'];
const ADMIN_MUTATION: readonly Caller[] = ['anonymous', 'staffA', 'researcher', 'admin'];
const LINK_HOLDER: readonly Caller[] = ['anonymous', 'staffA', 'researcher'];

export const PLANS: Readonly<Record<string, Plan>> = {
  // Queries
  auditEvents: {
    callers: CALLERS,
    base: (_c, w) => ({ action: 'LOGIN', actorId: w.staffA, clinicId: w.clinicA, first: 5, offset: 0, outcome: 'DENIED', targetId: 'abc-123', from: '2024-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }),
  },
  client: { callers: CALLERS, base: (_c, w) => ({ id: w.clientA1 }) },
  clinicDashboard: { callers: CALLERS, base: () => ({}) },
  clients: { callers: CALLERS, base: () => ({ first: 10, offset: 0, studyCodePrefix: 'H-' }) },
  clinic: { callers: CALLERS, base: (_c, w) => ({ id: w.clinicA }) },
  clinics: { callers: CALLERS, base: () => ({}) },
  instruments: { callers: CALLERS, base: () => ({ language: 'de' }) },
  me: { callers: CALLERS, base: () => ({}) },
  outcomeReport: {
    // A query that spends ε when it succeeds noisily: an instrument AND a scale that do not exist,
    // so no single hostile change makes it a report. Every filter is set, so each is a position.
    callers: CALLERS,
    base: () => ({
      input: {
        instrumentKey: 'NO_SUCH_INSTRUMENT',
        scaleKey: 'NO_SUCH_SCALE',
        timePoints: ['MONTH_1', 'MONTH_6'],
        groupBy: ['SEX'],
        live: false,
        epsilon: '0.5',
        filters: {
          ageBands: ['30-39'],
          areasTreated: ['CROWN'],
          countries: ['DE'],
          fitzpatrickTypes: [3],
          hairLossTypes: ['ANDROGENETIC_ALOPECIA'],
          insuranceCoverages: ['FULL'],
          sexes: ['MALE'],
          treatmentMonthFrom: '2024-01',
          treatmentMonthTo: '2024-12',
        },
      },
    }),
  },
  privacyBudget: { callers: CALLERS, base: () => ({}) },
  staffAccounts: { callers: CALLERS, base: (_c, w) => ({ clinicId: w.clinicA }) },
  survey: { callers: LINK_HOLDER, base: (_c, w) => ({ token: w.linkA, language: 'de' }) },
  surveyAssignments: { callers: CALLERS, base: () => ({ first: 10, offset: 0, lateOnly: false, status: ['OPEN'], timePoint: ['BASELINE'] }) },
  surveyResponse: { callers: CALLERS, base: (_c, w) => ({ assignmentId: w.assignmentA }) },
  // Mutations
  cancelSurveyAssignment: { callers: STAFF_MUTATION, base: (c, w) => ({ assignmentId: foreignAssignment(c, w) }) },
  changePassword: {
    callers: ['anonymous', 'staffA', 'researcher'],
    base: () => ({ input: { currentPassword: 'not-the-current-password', newPassword: 'a-new-long-password-1' } }),
  },
  createClinic: {
    // Invalid country AND time zone: no single change makes it valid.
    callers: ADMIN_MUTATION,
    base: () => ({ input: { name: 'Hostile clinic', country: 'XX', timeZone: 'Mars/Olympus_Mons' } }),
  },
  createStaffAccount: {
    // A clinic that does not exist AND an e-mail that is taken.
    callers: ADMIN_MUTATION,
    base: (_c, w) => ({ input: { email: w.staffAEmail, password: 'long-enough-password', displayName: 'Hostile', role: 'CLINIC_STAFF', clinicId: NO_SUCH_ID } }),
  },
  enrolClient: {
    // No CARE consent AND a taken study code AND both grades: three independent refusals.
    callers: STAFF_MUTATION,
    base: (c, w) => ({
      input: {
        studyCode: c === 'staffB' ? w.studyCodeB : w.studyCodeA,
        email: 'client@example.org',
        phone: '+4915112345678',
        language: 'de',
        birthYear: 1985,
        sex: 'MALE',
        hairLossType: 'ANDROGENETIC_ALOPECIA',
        norwoodGrade: 4,
        ludwigGrade: 1,
        fitzpatrickType: 3,
        priorTreatments: ['MINOXIDIL'],
        consents: [{ scope: 'RESEARCH', version: '2026-01' }],
      },
    }),
  },
  enterPaperResponse: {
    // Staff A on its own open survey, but with one answer of ten: never complete.
    callers: STAFF_MUTATION,
    base: (_c, w) => ({ input: { assignmentId: w.assignmentA, answers: [{ itemCode: 'RSES_1', value: 1 }], idempotencyKey: 'hostile-paper-0001' } }),
  },
  eraseClient: { callers: STAFF_MUTATION, base: (c, w) => ({ id: foreignClient(c, w) }) },
  issueSurveyLink: { callers: STAFF_MUTATION, base: (c, w) => ({ assignmentId: foreignAssignment(c, w) }) },
  login: { callers: ['anonymous', 'staffA'], base: () => ({ input: { email: 'nobody@hostile.test', password: 'wrong-password' } }) },
  logout: { callers: ['anonymous', 'staffA'], base: () => ({ refreshToken: 'A'.repeat(43) }) },
  recordAdverseEvent: {
    callers: STAFF_MUTATION,
    base: (c, w) => ({ input: { clientId: foreignClient(c, w), onsetDate: '2025-01-02', severity: 'MILD', type: 'OTHER' } }),
  },
  recordConsent: { callers: STAFF_MUTATION, base: (c, w) => ({ input: { clientId: foreignClient(c, w), scope: 'RESEARCH', version: '2026-01' } }) },
  recordTreatmentSession: {
    callers: STAFF_MUTATION,
    base: (c, w) => ({
      input: { clientId: foreignClient(c, w), sessionDate: '2025-01-02', areas: ['CROWN'], isFinal: false, kind: 'TREATMENT', pigmentShade: 'Shade 3 warm', practitionerId: w.staffA },
    }),
  },
  refreshSession: { callers: ['anonymous', 'staffA'], base: () => ({ refreshToken: 'B'.repeat(43) }) },
  revokeSurveyLink: { callers: STAFF_MUTATION, base: (c, w) => ({ assignmentId: foreignAssignment(c, w) }) },
  saveSurveyDraft: { callers: LINK_HOLDER, base: (_c, w) => ({ input: { token: w.linkA, answers: [{ itemCode: 'RSES_1', value: 99 }] } }) },
  setStaffAccountActive: { callers: ADMIN_MUTATION, base: () => ({ id: NO_SUCH_ID, active: false }) },
  submitSurveyResponse: {
    // One answer of ten: never complete.
    callers: LINK_HOLDER,
    base: (_c, w) => ({ input: { token: w.linkA, answers: [{ itemCode: 'RSES_1', value: 1 }], idempotencyKey: 'hostile-submit-0001' } }),
  },
  updateTreatmentCourse: {
    callers: STAFF_MUTATION,
    base: (c, w) => ({ input: { clientId: foreignClient(c, w), insuranceCoverage: 'FULL', pigmentShade: 'Shade 3 warm', priceBand: 'UNDER_1000' } }),
  },
  withdrawConsent: { callers: STAFF_MUTATION, base: (c, w) => ({ input: { clientId: foreignClient(c, w), scope: 'RESEARCH' } }) },
};

/**
 * Operations added to schema.gql after this suite was written get generic values (queries from
 * every caller, mutations from anonymous callers only, so they cannot write); the suite also fails
 * a separate test until they get a hand-written plan.
 */
export function planFor(op: SchemaOp): Plan {
  const known = PLANS[op.name];
  if (known) return known;
  const vars = Object.fromEntries(op.args.filter((a) => String(a.type).endsWith('!')).map((a) => [a.name, genericValue(String(a.type))]));
  return { callers: op.kind === 'query' ? CALLERS : ['anonymous'], base: () => structuredClone(vars) };
}

function genericValue(type: string): unknown {
  const s = type.replace(/!$/, '');
  if (s.startsWith('[')) return [];
  if (s === 'ID') return NO_SUCH_ID;
  if (s === 'Int' || s === 'Float') return 1;
  if (s === 'Boolean') return false;
  if (s === 'String' || s === 'DateTime') return 'x';
  return {};
}

// ---------------------------------------------------------------------------------------------
// Building requests

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export function auth(w: World, caller: Caller): Record<string, string> {
  const token = w.tokens[caller];
  return token ? { authorization: `Bearer ${token}` } : {};
}

interface PostOptions {
  readonly headers?: Record<string, string>;
  readonly echoes?: readonly string[];
  readonly check?: HostileRequest['check'];
}

/** A GraphQL POST: `payload` is the request object (JSON-encoded here) or raw body text. */
export function post(w: World, category: string, label: string, caller: Caller, payload: unknown, opts: PostOptions = {}): HostileRequest {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return {
    category,
    label,
    caller,
    method: 'POST',
    path: '/graphql',
    headers: { ...JSON_HEADERS, ...auth(w, caller), ...opts.headers },
    body,
    echoes: [...(typeof payload === 'string' ? [payload] : stringsIn(payload)), ...(opts.echoes ?? [])],
    check: opts.check,
  };
}

const short = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'undefined' : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…(${s.length})` : s;
};

/** Calls `f` for every operation, its plan and the positions of its variables. */
function eachOp(ops: readonly SchemaOp[], f: (op: SchemaOp, plan: Plan, pos: Position[]) => void, w: World) {
  for (const op of ops) {
    const plan = planFor(op);
    f(op, plan, positions(op, plan.base(plan.callers[0]!, w)));
  }
}

/** One request per (position, value); callers take turns so every caller meets every kind of value. */
function variantRequests(
  w: World,
  ops: readonly SchemaOp[],
  category: string,
  valuesFor: (p: Position) => readonly { tag: string; value: unknown }[],
): HostileRequest[] {
  const out: HostileRequest[] = [];
  eachOp(
    ops,
    (op, plan, pos) => {
      let turn = 0;
      for (const p of pos) {
        for (const { tag, value } of valuesFor(p)) {
          const caller = plan.callers[turn++ % plan.callers.length]!;
          const base = plan.base(caller, w);
          const vars = setAt(base, p.path, value);
          const query = operationDocument(op, Object.keys(base));
          out.push(post(w, category, `${op.name} ${pathText(p.path)} ← ${tag} ${value === REMOVE ? '' : short(value)}`, caller, { query, variables: vars }));
        }
      }
    },
    w,
  );
  return out;
}

const isText = (p: Position) => p.kind === 'string' || p.kind === 'id';
const tagged = (values: readonly string[], tag: string) => values.map((value) => ({ tag, value }));

// ---------------------------------------------------------------------------------------------
// Categories

export function wrongTypes(w: World, ops: readonly SchemaOp[]): HostileRequest[] {
  return variantRequests(w, ops, 'wrong types and nulls', (p) => {
    const common = [{ tag: 'null', value: null as unknown }, ...(p.required ? [{ tag: 'missing', value: REMOVE as unknown }] : [])];
    switch (p.kind) {
      case 'string':
      case 'id':
        return [...WRONG_FOR_STRING, ...common];
      case 'int':
      case 'float':
        return [...WRONG_FOR_INT, ...common];
      case 'boolean':
        return [...WRONG_FOR_BOOLEAN, ...common];
      case 'enum':
        return [...WRONG_FOR_ENUM, ...common];
      case 'datetime':
        return [...WRONG_FOR_DATETIME, ...common];
      case 'object':
        return [{ tag: 'empty object', value: {} }, { tag: 'string', value: 'object?' }, { tag: 'array', value: [{}] }, { tag: 'number', value: 7 }, ...common];
      case 'list':
        return [{ tag: 'list of null', value: [null] }, { tag: 'nested list', value: [[]] }, { tag: 'object', value: { 0: 'x' } }, { tag: 'number', value: 1 }, ...common];
      default:
        return [...WRONG_FOR_STRING.slice(0, 3), ...common];
    }
  });
}

export function injections(w: World, ops: readonly SchemaOp[]): HostileRequest[] {
  return variantRequests(w, ops, 'injection strings in variables', (p) => {
    if (isText(p)) return tagged(INJECTIONS, 'injection');
    if (p.kind === 'enum' || p.kind === 'datetime') return tagged(INJECTIONS.slice(0, 12), 'injection');
    if (p.kind === 'int' || p.kind === 'boolean' || p.kind === 'float') return tagged(INJECTION_SAMPLE, 'injection');
    return [];
  });
}

/** Injection strings written into the document as literals, and raw text breaking out of a literal. */
export function documentInjections(w: World, ops: readonly SchemaOp[]): HostileRequest[] {
  const out: HostileRequest[] = [];
  const category = 'injection strings in the document';
  const BREAKOUTS = [
    `"x") { __typename } } mutation Evil { eraseClient(id: "${NO_SUCH_ID}") { clientId } } query Tail { me(x: "`,
    `"x" # the rest is a comment`,
    `"""block ''; DROP TABLE client;-- """`,
    `$notDeclared`,
    `"unterminated`,
    `"\\u{D800}\\x41\\q"`,
    `"x" @include(if: true)`,
    `"x", clinicId: "${NO_SUCH_ID}"`,
  ];
  eachOp(
    ops,
    (op, plan, pos) => {
      let turn = 0;
      for (const p of pos.filter(isText)) {
        for (const value of INJECTIONS.slice(0, 18)) {
          const caller = plan.callers[turn++ % plan.callers.length]!;
          const vars = setAt(plan.base(caller, w), p.path, value);
          out.push(post(w, category, `${op.name} ${pathText(p.path)} ← literal ${short(value)}`, caller, { query: inlineDocument(op, vars) }, { echoes: [value] }));
        }
      }
      // Break out of the first top-level text argument (or input field) with raw document text.
      const first = pos.find(isText);
      if (!first) return;
      for (const raw of BREAKOUTS) {
        const caller = plan.callers[turn++ % plan.callers.length]!;
        const marker = 'HOSTILE_MARKER_0123456789';
        const vars = setAt(plan.base(caller, w), first.path, marker);
        const query = inlineDocument(op, vars).replace(JSON.stringify(marker), raw);
        out.push(post(w, category, `${op.name} ${pathText(first.path)} ← raw ${short(raw)}`, caller, { query }, { echoes: [raw] }));
      }
    },
    w,
  );
  return out;
}

export function hugeStrings(w: World, ops: readonly SchemaOp[]): HostileRequest[] {
  return variantRequests(w, ops, 'huge strings', (p) => (isText(p) ? [...HUGE_STRINGS, ...LONG_STRINGS] : p.kind === 'enum' ? LONG_STRINGS.slice(0, 1) : []));
}

export function outOfRange(w: World, ops: readonly SchemaOp[]): HostileRequest[] {
  const out = variantRequests(w, ops, 'out-of-range numbers', (p) => (p.kind === 'int' || p.kind === 'float' ? BAD_INTS : []));
  // Whole questionnaires with every answer out of range, where the survey is open.
  const category = 'out-of-range numbers';
  const answers = (value: number) => w.rsesItems.map((i) => ({ itemCode: i.code, value }));
  const ALL = [99, -1, 2 ** 31, 4, 7, 1000, -1000, 1001];
  const submit = `mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { responseId replayed } }`;
  const draft = `mutation($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) }`;
  const paper = `mutation($input: EnterPaperResponseInput!) { enterPaperResponse(input: $input) { id } }`;
  for (const v of ALL) {
    if (w.rsesItems.some((i) => i.options.includes(v))) continue; // out of range means: no item has it
    out.push(post(w, category, `submitSurveyResponse all answers ${v}`, 'anonymous', { query: submit, variables: { input: { token: w.linkA, answers: answers(v), idempotencyKey: `range-submit-${v}`.replace(/[^A-Za-z0-9_-]/g, '_') } } }));
    out.push(post(w, category, `saveSurveyDraft all answers ${v}`, 'anonymous', { query: draft, variables: { input: { token: w.linkA, answers: answers(v) } } }));
    out.push(post(w, category, `enterPaperResponse all answers ${v}`, 'staffA', { query: paper, variables: { input: { assignmentId: w.assignmentA, answers: answers(v), idempotencyKey: `range-paper-${v}`.replace(/[^A-Za-z0-9_-]/g, '_') } } }));
    // All valid but one, the last item out of range: the one answer decides.
    const last = w.rsesItems[w.rsesItems.length - 1]!;
    const oneBad = w.rsesItems.map((i) => ({ itemCode: i.code, value: i === last ? v : i.options[0]! }));
    out.push(post(w, category, `submitSurveyResponse last answer ${v}`, 'anonymous', { query: submit, variables: { input: { token: w.linkA, answers: oneBad, idempotencyKey: `range-last-${v}`.replace(/[^A-Za-z0-9_-]/g, '_') } } }));
    out.push(post(w, category, `enterPaperResponse last answer ${v}`, 'staffA', { query: paper, variables: { input: { assignmentId: w.assignmentA, answers: oneBad, idempotencyKey: `range-plast-${v}`.replace(/[^A-Za-z0-9_-]/g, '_') } } }));
  }
  // Literal out-of-range Ints in the document (parsed by GraphQL, not JSON).
  for (const lit of ['2147483648', '-2147483649', '99999999999999999999999', '1e3', '0x10', '1_000', '01', '-0', 'NaN', 'Infinity']) {
    out.push(post(w, category, `clients(first: ${lit})`, 'staffA', { query: `{ clients(first: ${lit}) { totalCount } }` }));
    out.push(post(w, category, `saveSurveyDraft value: ${lit}`, 'anonymous', { query: `mutation { saveSurveyDraft(input: { token: ${JSON.stringify(w.linkA)}, answers: [{ itemCode: "RSES_1", value: ${lit} }] }) }` }));
  }
  return out;
}

export function unknownFields(w: World, ops: readonly SchemaOp[]): HostileRequest[] {
  const category = 'unknown fields';
  const out: HostileRequest[] = [];
  // Unknown members in every input object (spliced as JSON text: __proto__ and constructor too).
  eachOp(
    ops,
    (op, plan, pos) => {
      let turn = 0;
      for (const p of pos.filter((x) => x.kind === 'object')) {
        for (const m of UNKNOWN_MEMBERS) {
          const caller = plan.callers[turn++ % plan.callers.length]!;
          const base = plan.base(caller, w);
          const body = withRawMember(base, p.path, m.json, operationDocument(op, Object.keys(base)));
          out.push(post(w, category, `${op.name} ${pathText(p.path)} + ${m.tag}`, caller, body));
        }
        // The same, written in the document.
        const caller = plan.callers[turn++ % plan.callers.length]!;
        const vars = setAt(plan.base(caller, w), p.path, { ...(getAt(plan.base(caller, w), p.path) as object), unknownField: 1, clinicId: NO_SUCH_ID });
        out.push(post(w, category, `${op.name} ${pathText(p.path)} + unknown fields (literal)`, caller, { query: inlineDocument(op, vars) }));
      }
      // An unknown argument, and an unknown variable, for every operation.
      const caller = plan.callers[0]!;
      const base = plan.base(caller, w);
      out.push(post(w, category, `${op.name}(unknown argument)`, caller, { query: inlineDocument(op, base, {}, [`clinicId: "${NO_SUCH_ID}"`, `role: ADMIN`]) }));
      const other = plan.callers[1 % plan.callers.length]!;
      const otherBase = plan.base(other, w);
      out.push(post(w, category, `${op.name} + unknown variable`, other, { query: operationDocument(op, Object.keys(otherBase)), variables: { ...otherBase, clinicId: NO_SUCH_ID, role: 'ADMIN' } }));
    },
    w,
  );
  // Unknown and forbidden fields, directives, types and operations.
  const DOCS: readonly [string, string][] = [
    ['unknown query field', `{ nope }`],
    ['unknown mutation field', `mutation { dropTable(name: "client") }`],
    ['password hash of me', `{ me { id passwordHash } }`],
    ['unknown client field', `{ client(id: "${w.clientA1}") { id secret contactCiphertext } }`],
    ['mutation field as query', `{ login(input: { email: "a@b.org", password: "x" }) { accessToken } }`],
    ['query field as mutation', `mutation { me { id } }`],
    ['subscription', `subscription { me { id } }`],
    ['__typename plus unknown', `{ __typename nope }`],
    ['introspection __schema', `{ __schema { types { name } } }`],
    ['introspection __type', `{ __type(name: "StaffAccount") { fields { name } } }`],
    ['introspection on a field', `{ me { __schema { types { name } } } }`],
    ['leaf with selection', `{ me { id { x } } }`],
    ['object without selection', `{ me }`],
    ['unknown directive', `{ me @nope { id } }`],
    ['@include with string', `{ me @include(if: "yes") { id } }`],
    ['@skip without argument', `{ me @skip { id } }`],
    ['@deprecated on a query', `{ me @deprecated { id } }`],
    ['repeated directive', `{ me @include(if: true) @include(if: true) { id } }`],
    ['unknown variable type', `query($x: Nope) { me { id } }`],
    ['input type for output', `query($x: Client) { me { id } }`],
    ['variable of wrong type', `query($x: Int) { client(id: $x) { id } }`],
    ['undeclared variable', `{ client(id: $x) { id } }`],
    ['duplicate variables', `query($x: ID!, $x: ID!) { client(id: $x) { id } }`],
    ['unused fragment', `{ me { id } } fragment F on Query { me { id } }`],
    ['fragment on unknown type', `{ ...F } fragment F on Nope { id }`],
    ['fragment on scalar', `{ ...F } fragment F on String { id }`],
    ['unknown fragment', `{ ...Nope }`],
    ['duplicate operation names', `query Q { me { id } } query Q { me { id } }`],
    ['two anonymous operations', `{ me { id } } { clinics { id } }`],
    ['empty document', ``],
    ['only a comment', `# nothing here`],
    ['empty selection', `{ }`],
    ['trailing tokens', `{ me { id } } }}}`],
    ['type definition in a request', `type Query { me: String } { me { id } }`],
    ['schema extension in a request', `extend type Query { hack: String } { hack }`],
    ['field argument on a leaf', `{ me { id(format: "x") } }`],
    ['duplicate argument', `{ clinic(id: "${w.clinicA}", id: "${w.clinicB}") { id } }`],
    ['null for a non-null argument', `{ clinic(id: null) { id } }`],
    ['object for a scalar argument', `{ clinic(id: { eq: "${w.clinicA}" }) { id } }`],
  ];
  for (const caller of ['anonymous', 'staffA'] as const) for (const [tag, query] of DOCS) out.push(post(w, category, tag, caller, { query }));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bearer tokens and survey links

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const hmac = (alg: 'sha256' | 'sha512', secret: string, data: string) => createHmac(alg, secret).update(data).digest('base64url');
function jwt(header: Record<string, unknown>, claims: unknown, secret: string, alg: 'sha256' | 'sha512' = 'sha256'): string {
  const signed = `${b64(header)}.${b64(claims)}`;
  return `${signed}.${hmac(alg, secret, signed)}`;
}

export function badBearers(w: World): { tag: string; header: string }[] {
  const now = w.nowSeconds;
  const claims = { sub: w.staffA, role: 'CLINIC_STAFF', clinicId: w.clinicA, typ: 'access', iat: now, exp: now + 600, iss: 'smp-registry', aud: 'smp-registry-api' };
  const HS = { alg: 'HS256', typ: 'JWT' };
  const real = w.tokens.staffA!;
  const [h, p, s] = real.split('.') as [string, string, string];
  const flip = (x: string) => x.slice(0, -2) + (x.at(-2) === 'A' ? 'B' : 'A') + x.slice(-1);
  const tokens: [string, string][] = [
    ['random 43 characters', 'Zq3vJ8kLm2Xp9Rt4Yw7Nb1Hc6Fd5Gs0Ae8Ui3Ko2Pl'],
    ['random three parts', 'aaaaaaaaaa.bbbbbbbbbb.cccccccccc'],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
    ['alg none, no dot', `${b64({ alg: 'none' })}.${b64(claims)}`],
    ['alg None (case)', `${b64({ alg: 'None' })}.${b64(claims)}.`],
    ['wrong secret', jwt(HS, claims, 'not-the-secret-not-the-secret-not-the-secret')],
    ['expired (right key)', jwt(HS, { ...claims, iat: now - 7200, exp: now - 3600 }, w.jwtSecret)],
    ['expired (wrong key)', jwt(HS, { ...claims, iat: 1_600_000_000, exp: 1_600_000_900 }, 'another-secret-another-secret-another!!')],
    ['not before the future', jwt(HS, { ...claims, nbf: now + 3600 }, w.jwtSecret)],
    ['typ refresh', jwt(HS, { ...claims, typ: 'refresh' }, w.jwtSecret)],
    ['wrong issuer', jwt(HS, { ...claims, iss: 'evil' }, w.jwtSecret)],
    ['wrong audience', jwt(HS, { ...claims, aud: 'other-api' }, w.jwtSecret)],
    ['role ADMIN for a staff account', jwt(HS, { ...claims, role: 'ADMIN', clinicId: null }, w.jwtSecret)],
    ['unknown role', jwt(HS, { ...claims, role: 'SUPERUSER' }, w.jwtSecret)],
    ['other clinic', jwt(HS, { ...claims, clinicId: w.clinicB }, w.jwtSecret)],
    ['account that does not exist', jwt(HS, { ...claims, sub: NO_SUCH_ID }, w.jwtSecret)],
    ['subject is not a uuid', jwt(HS, { ...claims, sub: `'; DROP TABLE staff_account;--` }, w.jwtSecret)],
    ['subject is a number', jwt(HS, { ...claims, sub: 42 }, w.jwtSecret)],
    ['no subject', jwt(HS, { ...claims, sub: undefined }, w.jwtSecret)],
    ['claims are an array', jwt(HS, [claims], w.jwtSecret)],
    ['HS512 with the right key', jwt({ alg: 'HS512', typ: 'JWT' }, claims, w.jwtSecret, 'sha512')],
    ['RS256 header, HMAC signature', jwt({ alg: 'RS256', typ: 'JWT' }, claims, w.jwtSecret)],
    ['kid path traversal', jwt({ ...HS, kid: '../../../../dev/null' }, claims, '')],
    ['jku to elsewhere', jwt({ ...HS, jku: 'http://127.0.0.1:1/jwks.json' }, claims, 'x')],
    ['tampered signature', `${h}.${p}.${flip(s)}`],
    ['tampered payload', `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'ADMIN', clinicId: null })}.${s}`],
    ['truncated', real.slice(0, -10)],
    ['survey link token as bearer', w.linkA],
    ['refresh-shaped token', 'C'.repeat(43)],
    ['5000 characters', 'x'.repeat(5000)],
    ['injection', `' OR 1=1 --`],
    ['null', 'null'],
  ];
  return [
    ...tokens.map(([tag, token]) => ({ tag, header: `Bearer ${token}` })),
    { tag: 'Bearer without token', header: 'Bearer' },
    { tag: 'Bearer and spaces', header: 'Bearer      ' },
    { tag: 'lower-case scheme', header: `bearer ${real}` },
    { tag: 'Basic scheme', header: 'Basic YWRtaW46YWRtaW4=' },
    { tag: 'Token scheme', header: `Token ${real}` },
    { tag: 'two tokens', header: `Bearer ${real}, Bearer ${real}` },
    { tag: 'token twice without space', header: `Bearer ${real}${real}` },
    { tag: 'latin-1 bytes', header: 'Bearer \u00e9\u00e8\u00ff\u00fe' },
  ];
}

export function bearerTokens(w: World): HostileRequest[] {
  const category = 'invalid bearer tokens';
  // Protected reads that would answer with data for a valid token: they must not, for these.
  const READS: readonly [string, string][] = [
    ['me', `{ me { id role clinicId } }`],
    ['clients', `{ clients(first: 5) { totalCount items { id studyCode } } }`],
    ['client', `{ client(id: "${w.clientA1}") { id studyCode email } }`],
    ['clinics', `{ clinics { id name } }`],
    ['instruments', `{ instruments { key } }`],
    ['surveyAssignments', `{ surveyAssignments { totalCount } }`],
    ['staffAccounts', `{ staffAccounts { id email } }`],
    ['auditEvents', `{ auditEvents(first: 5) { totalCount } }`],
  ];
  const WRITES: readonly [string, string, Record<string, unknown>][] = [
    ['eraseClient', `mutation($id: ID!) { eraseClient(id: $id) { clientId } }`, { id: w.clientA2 }],
    ['issueSurveyLink', `mutation($id: ID!) { issueSurveyLink(assignmentId: $id) { token } }`, { id: w.assignmentA }],
    ['createClinic', `mutation { createClinic(input: { name: "Forged", country: "XX", timeZone: "Europe/Berlin" }) { id } }`, {}],
  ];
  const out: HostileRequest[] = [];
  const bearers = badBearers(w);
  bearers.forEach(({ tag, header }, i) => {
    for (const [field, query] of READS) {
      out.push({
        ...post(w, category, `${field} with ${tag}`, 'anonymous', { query }, { headers: { authorization: header }, echoes: [header] }),
        check: (_status, body) => ((body as { data?: Record<string, unknown> } | null)?.data?.[field] != null ? `answered ${field} for an invalid bearer token` : null),
      });
    }
    const [op, query, variables] = WRITES[i % WRITES.length]!;
    out.push({
      ...post(w, category, `${op} with ${tag}`, 'anonymous', { query, variables }, { headers: { authorization: header }, echoes: [header] }),
      check: (_status, body) => ((body as { data?: Record<string, unknown> } | null)?.data?.[op] != null ? `ran ${op} for an invalid bearer token` : null),
    });
  });
  return out;
}

export function surveyLinkTokens(w: World): HostileRequest[] {
  const category = 'invalid survey link tokens';
  const l = w.linkA;
  const BAD: readonly [string, string][] = [
    ['superseded link', w.supersededLink],
    ['revoked link', w.revokedLink],
    ['tampered last character', l.slice(0, -1) + (l.endsWith('A') ? 'B' : 'A')],
    ['tampered first character', (l.startsWith('A') ? 'B' : 'A') + l.slice(1)],
    ['upper-cased', l.toUpperCase() === l ? l.toLowerCase() : l.toUpperCase()],
    ['reversed', [...l].reverse().join('')],
    ['with base64 padding', `${l}=`],
    ['trailing space', `${l} `],
    ['trailing newline', `${l}\n`],
    ['zero-width space inside', `${l.slice(0, 20)}\u200b${l.slice(20)}`],
    ['Cyrillic look-alike', 'А'.repeat(43)],
    ['the whole link', `http://localhost:3000/survey#${l}`],
    ['with #', `#${l}`],
    ['44 characters', `${l}A`],
    ['42 characters', l.slice(0, 42)],
    ['43 × A', 'A'.repeat(43)],
    ['200 characters', 'A'.repeat(200)],
    ['201 characters', 'A'.repeat(201)],
    ['empty', ''],
    ['staff access token', w.tokens.staffA!],
    ['injection', `' OR 1=1 --`],
    ['path traversal', '../../../../etc/passwd'],
    ['NUL', `${l.slice(0, 42)}\u0000`],
    ['percent-encoded', encodeURIComponent(`${l}/`)],
  ];
  const answers = w.rsesItems.map((i) => ({ itemCode: i.code, value: i.options[0]! }));
  const out: HostileRequest[] = [];
  const refuses = (field: string) => (_status: number, body: unknown) =>
    (body as { data?: Record<string, unknown> } | null)?.data?.[field] != null ? `answered ${field} for an invalid survey link` : null;
  BAD.forEach(([tag, token], i) => {
    const caller: Caller = i % 3 === 0 ? 'staffA' : 'anonymous';
    out.push({ ...post(w, category, `survey with ${tag}`, caller, { query: `query($t: String!) { survey(token: $t) { status title items { code } } }`, variables: { t: token } }), check: refuses('survey') });
    out.push({
      ...post(w, category, `saveSurveyDraft with ${tag}`, caller, { query: `mutation($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) }`, variables: { input: { token, answers: answers.slice(0, 3) } } }),
      check: refuses('saveSurveyDraft'),
    });
    // A complete, valid questionnaire: only the link is wrong. Nothing may be stored.
    out.push({
      ...post(w, category, `submitSurveyResponse (complete answers) with ${tag}`, caller, {
        query: `mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { responseId } }`,
        variables: { input: { token, answers, idempotencyKey: `bad-link-${i}-0000` } },
      }),
      check: refuses('submitSurveyResponse'),
    });
    // The link as a bearer token, and a bearer token with the link.
    out.push(post(w, category, `survey with ${tag} inline`, 'anonymous', { query: `{ survey(token: ${JSON.stringify(token)}) { status } }` }, { echoes: [token] }));
  });
  // The expired link answers (its window closed); it must not take answers.
  out.push({
    ...post(w, category, 'submitSurveyResponse (complete answers) to an expired link', 'anonymous', {
      query: `mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { responseId } }`,
      variables: { input: { token: w.expiredLink, answers, idempotencyKey: 'expired-link-0000' } },
    }),
    check: refuses('submitSurveyResponse'),
  });
  out.push(post(w, category, 'saveSurveyDraft to an expired link', 'anonymous', { query: `mutation($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) }`, variables: { input: { token: w.expiredLink, answers: answers.slice(0, 2) } } }));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Document shape: nesting, fragments, aliases

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const nest = (open: string, close: string, n: number, inner: string) => open.repeat(n) + inner + close.repeat(n);

export function nesting(w: World): HostileRequest[] {
  const category = 'deep nesting';
  const DOCS: readonly [string, string, Caller][] = [
    ['deepest real selection (client)', `{ client(id: "${w.clientA1}") { id treatment { id sessions { id areas } adverseEvents { id type } } surveyAssignments { id status } consents { id scope } } }`, 'staffA'],
    ['deepest real selection (instruments)', `{ instruments { key items { code options { code label } } scales { key itemCodes } } }`, 'staffA'],
    ['deepest real selection (survey)', `{ survey(token: "${w.linkA}") { items { code options { code label } } savedAnswers { itemCode value } } }`, 'anonymous'],
    ...[2, 10, 50, 200, 600, 1200].map((n): [string, string, Caller] => [`selection on a leaf, ${n} levels`, `{ me { id ${nest('{ id ', '}', n, '')} } }`, 'staffA']),
    ...[10, 100, 600, 1200].map((n): [string, string, Caller] => [`unknown fields, ${n} levels`, `{ ${nest('a { ', '} ', n, 'b')} }`, 'anonymous']),
    ...[9, 50].map((n): [string, string, Caller] => [`client ${n} levels through consents`, `{ client(id: "${w.clientA1}") { ${nest('consents { ', '} ', n, 'id')} } }`, 'staffA']),
    ['fragment spreads itself', `{ ...A } fragment A on Query { me { id } ...A }`, 'staffA'],
    ['two-fragment cycle', `{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { clinics { id } ...A }`, 'staffA'],
    ['three-fragment cycle', `{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { me { id } ...A }`, 'staffA'],
    ['cycle inside a field', `{ me { ...S } } fragment S on StaffAccount { id ...S }`, 'staffA'],
    ['cycle through inline fragments', `{ ...A } fragment A on Query { ... on Query { ... { ...A } } }`, 'staffA'],
    ['cycle between nested fields', `{ me { ...S } } fragment S on StaffAccount { id ... on StaffAccount { ...T } } fragment T on StaffAccount { role ...S }`, 'staffA'],
    ['100-fragment chain', `{ ...F0 } ${Array.from({ length: 100 }, (_, i) => `fragment F${i} on Query { ${i < 99 ? `...F${i + 1}` : 'me { id }'} }`).join(' ')}`, 'staffA'],
    ['100-fragment ring', `{ ...F0 } ${Array.from({ length: 100 }, (_, i) => `fragment F${i} on Query { ...F${(i + 1) % 100} }`).join(' ')}`, 'staffA'],
    ['50-level inline fragments on Query', `{ ${nest('... on Query { ', '} ', 50, 'me { id }')} }`, 'staffA'],
    ['50-level inline fragments without type', `{ ${nest('... { ', '} ', 50, '__typename')} }`, 'anonymous'],
    ['50-level inline fragments in a field', `{ me { ${nest('... on StaffAccount { ', '} ', 50, 'id')} } }`, 'staffA'],
    ['300-level inline fragments', `{ ${nest('... on Query { ', '} ', 300, 'me { id }')} }`, 'staffA'],
    ['500-level inline fragments (over the token limit)', `{ ${nest('... on Query { ', '} ', 500, 'me { id }')} }`, 'staffA'],
    ['inline fragment on another type', `{ ... on Mutation { login(input: { email: "a@b.org", password: "x" }) { accessToken } } }`, 'anonymous'],
    ['nested list literal, 600 levels', `{ client(id: ${nest('[', ']', 600, '"x"')}) { id } }`, 'staffA'],
    ['nested object literal, 300 levels', `{ clients(first: ${nest('{ a: ', '}', 300, '1')}) { totalCount } }`, 'staffA'],
    ['nested input literal, 300 levels', `mutation { saveSurveyDraft(input: ${nest('{ input: ', '}', 300, '1')}) }`, 'anonymous'],
  ];
  const out = DOCS.map(([tag, query, caller]) => post(w, category, tag, caller, { query }));
  // Deep JSON in variables: far deeper than any input type.
  const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const deepArray = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  const enrol = `mutation($input: EnrolClientInput!) { enrolClient(input: $input) { id } }`;
  const draft = `mutation($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) }`;
  const raw = (tag: string, caller: Caller, body: string) => out.push(post(w, category, tag, caller, body));
  raw('variables: object nested 5,000 deep', 'staffA', `{"query":${JSON.stringify(enrol)},"variables":{"input":${deepObject(5000)}}}`);
  raw('variables: answers nested 20,000 deep', 'anonymous', `{"query":${JSON.stringify(draft)},"variables":{"input":{"token":"${w.linkA}","answers":${deepArray(20000)}}}}`);
  raw('variables: unused variable nested 10,000 deep', 'staffA', `{"query":"{ me { id } }","variables":{"unused":${deepObject(10000)}}}`);
  raw('extensions nested 10,000 deep', 'anonymous', `{"query":"{ __typename }","extensions":${deepObject(10000)}}`);
  raw('body: array nested 40,000 deep', 'anonymous', deepArray(40000));
  return out;
}

export function aliases(w: World): HostileRequest[] {
  const category = 'aliases';
  const many = (n: number, field: string, prefix = 'a') => Array.from({ length: n }, (_, i) => `${prefix}${i}: ${field}`).join(' ');
  const DOCS: readonly [string, string, Caller][] = [
    ['500 aliased __typename', `{ ${many(500, '__typename')} }`, 'anonymous'],
    ['500 aliased __typename (staff)', `{ ${many(500, '__typename')} }`, 'staffA'],
    ['650 aliased __typename (near the token limit)', `{ ${many(650, '__typename')} }`, 'anonymous'],
    ['500 aliased me', `{ ${many(500, 'me { id }')} }`, 'staffA'],
    ['300 aliased me', `{ ${many(300, 'me { id }')} }`, 'staffA'],
    ['16 aliased me', `{ ${many(16, 'me { id }')} }`, 'staffA'],
    ['15 aliased me (allowed)', `{ ${many(15, 'me { id }')} }`, 'staffA'],
    ['16 aliased clients', `{ ${many(16, 'clients(first: 200) { totalCount }')} }`, 'staffA'],
    ['100 aliases inside a fragment', `{ ...F } fragment F on Query { ${many(100, 'me { id }')} }`, 'staffA'],
    ['aliases spread over fragments', `{ ...F ...G } fragment F on Query { ${many(10, 'me { id }', 'f')} } fragment G on Query { ${many(10, 'clinics { id }', 'g')} }`, 'staffA'],
    ['aliases inside a field', `{ me { ${many(200, 'id')} } }`, 'staffA'],
    ['16 aliased logins', `mutation { ${many(16, 'login(input: { email: "nobody@hostile.test", password: "x" }) { accessToken }')} }`, 'anonymous'],
    ['16 aliased eraseClient', `mutation { ${many(16, `eraseClient(id: "${w.clientB}") { clientId }`)} }`, 'staffA'],
    ['16 aliased submitSurveyResponse', `mutation { ${many(16, `submitSurveyResponse(input: { token: "${w.linkA}", answers: [], idempotencyKey: "alias-submit-0000" }) { responseId }`)} }`, 'anonymous'],
    ['15 aliased saveSurveyDraft (bad answers)', `mutation { ${many(15, `saveSurveyDraft(input: { token: "${w.linkA}", answers: [{ itemCode: "RSES_1", value: 99 }] })`)} }`, 'anonymous'],
    ['15 aliased changePassword', `mutation { ${many(15, 'changePassword(input: { currentPassword: "wrong-wrong", newPassword: "another-long-password" })')} }`, 'staffA'],
    ['alias __proto__', `{ __proto__: me { id } }`, 'staffA'],
    ['alias constructor', `{ constructor: me { id } prototype: __typename }`, 'staffA'],
    ['aliases named like Object methods', `{ hasOwnProperty: __typename toString: __typename valueOf: __typename __defineGetter__: __typename }`, 'anonymous'],
    ['alias __proto__ inside a field', `{ me { __proto__: id constructor: role } }`, 'staffA'],
    ['alias __proto__ on a list', `{ __proto__: clinics { __proto__: id } }`, 'staffA'],
    ['alias named __typename', `{ __typename: me { id } }`, 'staffA'],
    ['same alias, different fields', `{ a: me { id } a: clinics { id } }`, 'staffA'],
    ['same alias, different arguments', `{ a: client(id: "${w.clientA1}") { id } a: client(id: "${w.clientA2}") { id } }`, 'staffA'],
    ['alias of 1,000 characters', `{ ${'x'.repeat(1000)}: me { id } }`, 'staffA'],
    ['alias with unicode', `{ ä: me { id } }`, 'staffA'],
  ];
  return DOCS.map(([tag, query, caller]) => post(w, category, tag, caller, { query }));
}

// ---------------------------------------------------------------------------------------------
// The HTTP layer: JSON, content types, batching, methods, sizes

export function malformedJson(w: World): HostileRequest[] {
  const category = 'malformed JSON bodies';
  const q = JSON.stringify('{ me { id } }');
  const BODIES: readonly [string, string | Uint8Array][] = [
    ['open brace', '{'],
    ['close brace', '}'],
    ['missing value', '{"query": }'],
    ['unterminated object', `{"query": ${q}`],
    ['unterminated string', '{"query": "{ me { id } }'],
    ['trailing comma', `{"query": ${q},}`],
    ['single quotes', `{'query': '{ me { id } }'}`],
    ['comments', `{/* x */"query": ${q}}`],
    ['NaN literal', `{"query": ${q}, "variables": {"x": NaN}}`],
    ['Infinity literal', `{"query": ${q}, "variables": {"x": Infinity}}`],
    ['bad escape', '{"query": "\\uZZZZ"}'],
    ['raw control characters', `{"query": "{ me\n\t{ id } }\u0001"}`],
    ['escaped NUL in the query', '{"query": "{ me { id } }\\u0000"}'],
    ['byte order mark', `\uFEFF{"query": ${q}}`],
    ['trailing garbage', `{"query": ${q}} xyz`],
    ['two objects', `{"query": ${q}}{"query": ${q}}`],
    ['null', 'null'],
    ['true', 'true'],
    ['number', '42'],
    ['string', q],
    ['empty object', '{}'],
    ['query null', '{"query": null}'],
    ['query number', '{"query": 42}'],
    ['query array', `{"query": [${q}]}`],
    ['query object', '{"query": {"$ne": null}}'],
    ['query empty', '{"query": ""}'],
    ['variables string', `{"query": ${q}, "variables": "{}"}`],
    ['variables array', `{"query": ${q}, "variables": [1, 2]}`],
    ['variables number', `{"query": ${q}, "variables": 42}`],
    ['operationName number', `{"query": ${q}, "operationName": 42}`],
    ['operationName object', `{"query": ${q}, "operationName": {"a": 1}}`],
    ['operationName unknown', `{"query": ${q}, "operationName": "Nope"}`],
    ['operationName injection', `{"query": ${q}, "operationName": "'; DROP TABLE client;--"}`],
    ['extensions string', `{"query": ${q}, "extensions": "x"}`],
    ['persisted query, unknown hash', `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "${'0'.repeat(64)}"}}}`],
    ['persisted query, bad version', `{"query": ${q}, "extensions": {"persistedQuery": {"version": 2, "sha256Hash": "abc"}}}`],
    ['persisted query, wrong hash', `{"query": ${q}, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}`],
    ['duplicate keys', `{"query": "{ __typename }", "query": ${q}}`],
    ['__proto__ at the top', `{"__proto__": {"isAdmin": true}, "query": ${q}}`],
    ['constructor.prototype at the top', `{"constructor": {"prototype": {"isAdmin": true}}, "query": ${q}}`],
    ['__proto__ in variables', `{"query": ${q}, "variables": {"__proto__": {"role": "ADMIN"}}}`],
    ['unknown top-level keys', `{"query": ${q}, "root": {"role": "ADMIN"}, "context": {"principal": {"role": "ADMIN"}}}`],
    ['50,000-digit number', `{"query": ${q}, "variables": {"n": ${'9'.repeat(50_000)}}}`],
    ['unclosed array 30,000 deep', '['.repeat(30_000)],
    ['invalid UTF-8', GARBAGE_BYTES],
    ['UTF-16 encoded', new Uint8Array(Buffer.from(`{"query": ${q}}`, 'utf16le'))],
    ['whitespace only', '   \n\t  '],
    ['lone surrogate escape', '{"query": "{ me { id } }", "variables": {"x": "\\ud800"}}'],
  ];
  const out: HostileRequest[] = [];
  for (const caller of ['anonymous', 'staffA'] as const) {
    for (const [tag, body] of BODIES) {
      out.push({ category, label: tag, caller, method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', ...auth(w, caller) }, body, echoes: typeof body === 'string' ? [body] : [] });
    }
  }
  return out;
}

export function contentTypes(w: World): HostileRequest[] {
  const category = 'content types and CSRF';
  const login = JSON.stringify({ query: 'mutation { login(input: { email: "nobody@hostile.test", password: "x" }) { accessToken } }' });
  const erase = JSON.stringify({ query: `mutation { eraseClient(id: "${w.clientB}") { clientId } }` });
  const me = JSON.stringify({ query: '{ me { id } }' });
  // Types a browser may send cross-site without a preflight: the API must refuse them outright.
  const SIMPLE = ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz'];
  const OTHER = [
    'application/graphql',
    'application/graphql-response+json',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'APPLICATION/JSON',
    'application/jsonx',
    'application/xml',
    'text/html',
    '*/*',
    'application/json, text/plain',
    'application/json; boundary=--x',
    'application/octet-stream',
  ];
  const out: HostileRequest[] = [];
  const refused = (status: number) => (status >= 200 && status < 300 ? `a simple (CSRF-able) request was answered with HTTP ${status}` : null);
  for (const [label, body, caller] of [['login', login, 'anonymous'], ['eraseClient', erase, 'staffA'], ['me', me, 'staffA']] as const) {
    for (const type of SIMPLE) {
      out.push({ category, label: `${label} as ${type}`, caller, method: 'POST', path: '/graphql', headers: { 'content-type': type, ...auth(w, caller) }, body, echoes: [body], check: (s) => refused(s) });
    }
    out.push({ category, label: `${label} as form fields`, caller, method: 'POST', path: '/graphql', headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth(w, caller) }, body: `query=${encodeURIComponent(JSON.parse(body).query)}`, echoes: [body], check: (s) => refused(s) });
    out.push({
      category,
      label: `${label} as multipart`,
      caller,
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz', ...auth(w, caller) },
      body: `--xyz\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${body}\r\n--xyz--\r\n`,
      echoes: [body],
      check: (s) => refused(s),
    });
    for (const type of OTHER) out.push({ category, label: `${label} as ${type}`, caller, method: 'POST', path: '/graphql', headers: { 'content-type': type, ...auth(w, caller) }, body, echoes: [body] });
    out.push({ category, label: `${label} without content type`, caller, method: 'POST', path: '/graphql', headers: { ...auth(w, caller) }, body: new Uint8Array(Buffer.from(body)), echoes: [body] });
    out.push({ category, label: `${label} with an empty content type`, caller, method: 'POST', path: '/graphql', headers: { 'content-type': '', ...auth(w, caller) }, body, echoes: [body] });
    out.push({ category, label: `${label} gzip-encoded garbage`, caller, method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...auth(w, caller) }, body, echoes: [body] });
  }
  return out;
}

export function httpLayer(w: World): HostileRequest[] {
  const category = 'batching, GET, empty bodies and methods';
  const one = { query: '{ __typename }' };
  const out: HostileRequest[] = [];
  const raw = (label: string, caller: Caller, method: string, path: string, body?: string, headers: Record<string, string> = {}, check?: HostileRequest['check']) =>
    out.push({ category, label, caller, method, path, headers: { ...auth(w, caller), ...headers }, body, echoes: [...(body ? [body] : []), path, safeDecode(path)], check });
  const json = { 'content-type': 'application/json' };
  const notRun = (s: number, body: unknown) => (s < 300 && Array.isArray(body) ? 'a batched request was run' : null);
  raw('batch of two', 'anonymous', 'POST', '/graphql', JSON.stringify([one, one]), json, notRun);
  raw('empty batch', 'anonymous', 'POST', '/graphql', '[]', json, notRun);
  raw('batch of 1,000', 'anonymous', 'POST', '/graphql', JSON.stringify(Array.from({ length: 1000 }, () => one)), json, notRun);
  raw('batch of logins', 'anonymous', 'POST', '/graphql', JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ query: `mutation { login(input: { email: "batch${i}@hostile.test", password: "x" }) { accessToken } }` }))), json, notRun);
  raw('batch of eraseClient', 'staffA', 'POST', '/graphql', JSON.stringify([{ query: `mutation { eraseClient(id: "${w.clientB}") { clientId } }` }, { query: `mutation { eraseClient(id: "${w.clientA2}") { clientId } }` }]), json, notRun);
  raw('nested batch', 'anonymous', 'POST', '/graphql', JSON.stringify([[one], [one]]), json, notRun);
  raw('batch of non-objects', 'anonymous', 'POST', '/graphql', JSON.stringify([1, 'x', null]), json, notRun);
  const get = (label: string, caller: Caller, params: Record<string, string>, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }, check?: HostileRequest['check']) =>
    raw(label, caller, 'GET', `/graphql?${new URLSearchParams(params).toString()}`, undefined, headers, check);
  const noMutation = (s: number, body: unknown) => (s < 300 && (body as { data?: unknown } | null)?.data ? 'a mutation ran over GET' : null);
  get('GET mutation login', 'anonymous', { query: 'mutation { login(input: { email: "nobody@hostile.test", password: "x" }) { accessToken } }' }, undefined, noMutation);
  get('GET mutation eraseClient', 'staffA', { query: `mutation { eraseClient(id: "${w.clientA2}") { clientId } }` }, undefined, noMutation);
  get('GET mutation createClinic', 'admin', { query: `mutation { createClinic(input: { name: "Via GET", country: "DE", timeZone: "Europe/Berlin" }) { id } }` }, undefined, noMutation);
  get('GET mutation with operationName', 'staffA', { query: `query Q { me { id } } mutation M { eraseClient(id: "${w.clientA2}") { clientId } }`, operationName: 'M' }, undefined, noMutation);
  get('GET mutation without preflight header', 'staffA', { query: `mutation { eraseClient(id: "${w.clientA2}") { clientId } }` }, {}, noMutation);
  get('GET query without preflight header', 'staffA', { query: '{ me { id } }' }, {});
  get('GET query', 'staffA', { query: '{ me { id } }' });
  get('GET malformed variables', 'staffA', { query: 'query($id: ID!) { client(id: $id) { id } }', variables: '{' });
  get('GET variables array', 'staffA', { query: 'query($id: ID!) { client(id: $id) { id } }', variables: '[1]' });
  get('GET injection in variables', 'staffA', { query: 'query($id: ID!) { client(id: $id) { id } }', variables: JSON.stringify({ id: `'; DROP TABLE client;--` }) });
  get('GET malformed extensions', 'anonymous', { query: '{ __typename }', extensions: '{"persistedQuery":' });
  get('GET without query', 'anonymous', {});
  get('GET empty query', 'anonymous', { query: '' });
  raw('GET query twice in the URL', 'anonymous', 'GET', `/graphql?query=${encodeURIComponent('{ __typename }')}&query=${encodeURIComponent('{ me { id } }')}`, undefined, { 'apollo-require-preflight': 'true' });
  raw('GET 12 kB query string', 'anonymous', 'GET', `/graphql?query=${encodeURIComponent(`{ __typename ${'a'.repeat(12_000)} }`)}`, undefined, { 'apollo-require-preflight': 'true' });
  raw('GET 80 kB query string', 'anonymous', 'GET', `/graphql?query=${encodeURIComponent(`{ ${'__typename '.repeat(8000)} }`)}`, undefined, { 'apollo-require-preflight': 'true' });
  raw('GET bad percent-encoding', 'anonymous', 'GET', '/graphql?query=%E0%A4%A', undefined, { 'apollo-require-preflight': 'true' });
  raw('GET NUL in the query string', 'anonymous', 'GET', '/graphql?query=%00', undefined, { 'apollo-require-preflight': 'true' });
  raw('empty JSON body', 'anonymous', 'POST', '/graphql', '', json);
  raw('empty JSON body (staff)', 'staffA', 'POST', '/graphql', '', json);
  raw('no body, no content type', 'anonymous', 'POST', '/graphql');
  raw('no body, JSON content type', 'staffA', 'POST', '/graphql', undefined, json);
  raw('PUT', 'staffA', 'PUT', '/graphql', JSON.stringify(one), json);
  raw('PATCH', 'staffA', 'PATCH', '/graphql', JSON.stringify(one), json);
  raw('DELETE', 'staffA', 'DELETE', '/graphql', JSON.stringify(one), json);
  raw('OPTIONS', 'anonymous', 'OPTIONS', '/graphql', undefined, { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
  raw('trailing slash', 'anonymous', 'POST', '/graphql/', JSON.stringify(one), json);
  raw('upper-case path', 'anonymous', 'POST', '/GRAPHQL', JSON.stringify(one), json);
  raw('encoded path traversal', 'anonymous', 'POST', '/graphql/..%2f..%2fhealth', JSON.stringify(one), json);
  raw('NUL in the path', 'anonymous', 'POST', '/graphql%00', JSON.stringify(one), json);
  raw('query string on POST', 'staffA', 'POST', `/graphql?query=${encodeURIComponent(`mutation { eraseClient(id: "${w.clientA2}") { clientId } }`)}`, JSON.stringify(one), json);
  raw('hostile Host-ish headers', 'staffA', 'POST', '/graphql', JSON.stringify({ query: '{ me { id } }' }), { ...json, 'x-forwarded-for': `'; DROP TABLE client;--`, 'x-real-ip': '1.2.3.4', forwarded: 'for=evil', 'x-clinic-id': w.clinicB, 'x-role': 'ADMIN' });
  raw('preflight header with text/plain', 'staffA', 'POST', '/graphql', JSON.stringify({ query: `mutation { eraseClient(id: "${w.clientB}") { clientId } }` }), { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' });
  return out;
}

export function hugeVariables(w: World): HostileRequest[] {
  const category = 'huge variable objects';
  const out: HostileRequest[] = [];
  const enrol = `mutation($input: EnrolClientInput!) { enrolClient(input: $input) { id } }`;
  const draft = `mutation($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) }`;
  const paper = `mutation($input: EnterPaperResponseInput!) { enterPaperResponse(input: $input) { id } }`;
  const sessions = `mutation($input: RecordTreatmentSessionInput!) { recordTreatmentSession(input: $input) { id } }`;
  const assignments = `query($s: [AssignmentStatus!], $t: [TimePoint!]) { surveyAssignments(status: $s, timePoint: $t) { totalCount } }`;
  const enrolBase = PLANS['enrolClient']!.base('staffA', w) as { input: Record<string, unknown> };
  const keys = (n: number, len = 8) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${String(i).padStart(len, '0')}`, i]));
  const add = (label: string, caller: Caller, payload: unknown) => out.push(post(w, category, label, caller, payload));
  add('5,000 unused variables', 'staffA', { query: '{ me { id } }', variables: keys(5000) });
  add('20,000 unused variables (over the limit)', 'staffA', { query: '{ me { id } }', variables: keys(20_000) });
  add('3,000 unknown input fields', 'staffA', { query: enrol, variables: { input: { ...enrolBase.input, ...keys(3000) } } });
  add('variables of 200 kB', 'staffA', { query: '{ me { id } }', variables: { pad: 'x'.repeat(200 * 1024) } });
  add('variables of 5 MB', 'anonymous', { query: '{ __typename }', variables: { pad: 'x'.repeat(5 * 1024 * 1024) } });
  add('2,500 answers', 'anonymous', { query: draft, variables: { input: { token: w.linkA, answers: Array.from({ length: 2500 }, (_, i) => ({ itemCode: `RSES_${(i % 10) + 1}`, value: 1 })) } } });
  add('10,000 null answers', 'anonymous', { query: draft, variables: { input: { token: w.linkA, answers: Array.from({ length: 10_000 }, () => null) } } });
  add('2,500 paper answers', 'staffA', { query: paper, variables: { input: { assignmentId: w.assignmentA, idempotencyKey: 'huge-paper-0001', answers: Array.from({ length: 2500 }, (_, i) => ({ itemCode: `RSES_${(i % 10) + 1}`, value: 1 })) } } });
  add('10,000 prior treatments', 'staffA', { query: enrol, variables: { input: { ...enrolBase.input, priorTreatments: Array.from({ length: 10_000 }, () => 'PRP') } } });
  add('3,000 consents', 'staffA', { query: enrol, variables: { input: { ...enrolBase.input, consents: Array.from({ length: 3000 }, () => ({ scope: 'CARE', version: '1' })) } } });
  add('10,000 treatment areas', 'staffA', { query: sessions, variables: { input: { clientId: w.clientB, sessionDate: '2025-01-02', areas: Array.from({ length: 10_000 }, () => 'CROWN') } } });
  add('10,000 status filters', 'staffA', { query: assignments, variables: { s: Array.from({ length: 10_000 }, () => 'OPEN'), t: Array.from({ length: 2000 }, () => 'BASELINE') } });
  add('90 kB string literal in the document', 'staffA', { query: `{ clients(studyCodePrefix: "${'H'.repeat(90_000)}") { totalCount } }` });
  add('1,999 tokens', 'anonymous', { query: `{ ${'__typename '.repeat(1997)}}` });
  add('2,001 tokens', 'anonymous', { query: `{ ${'__typename '.repeat(1999)}}` });
  add('80 kB of comments', 'anonymous', { query: `{ __typename }\n${'# x\n'.repeat(18_000)}` });
  add('90 kB of whitespace', 'anonymous', { query: `{${' '.repeat(90_000)}__typename }` });
  add('90 kB of commas', 'anonymous', { query: `{${','.repeat(90_000)}__typename }` });
  add('90 kB operation name', 'anonymous', { query: `query ${'Q'.repeat(90_000)} { __typename }` });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Random values (fast-check, fixed seed)

export const FUZZ_SEED = 20_250_106;

export function fuzz(w: World, ops: readonly SchemaOp[], perOperation = 16): HostileRequest[] {
  const category = 'fuzz (fast-check)';
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(...INJECTIONS),
    fc.constant(null),
  );
  const out: HostileRequest[] = [];
  ops.forEach((op, k) => {
    const plan = planFor(op);
    const pos = positions(op, plan.base(plan.callers[0]!, w));
    const samples = fc.sample(fc.tuple(fc.nat(), value, fc.nat(), fc.boolean()), { seed: FUZZ_SEED + k, numRuns: perOperation });
    for (const [pi, v, ci, inline] of samples) {
      const caller = plan.callers[ci % plan.callers.length]!;
      const base = plan.base(caller, w);
      const vars = pos.length ? setAt(base, pos[pi % pos.length]!.path, v) : { ...base, unexpected: v };
      const where = pos.length ? pathText(pos[pi % pos.length]!.path) : '(extra variable)';
      const query = inline && pos.length ? inlineDocument(op, vars) : operationDocument(op, Object.keys(base));
      out.push(post(w, category, `${op.name} ${where} ← ${short(v)}${inline ? ' (literal)' : ''}`, caller, inline && pos.length ? { query } : { query, variables: vars }, { echoes: stringsIn(v) }));
    }
  });
  // Byte-level mutations of a valid body.
  const valid = JSON.stringify({ query: `query($id: ID!) { client(id: $id) { id studyCode } }`, variables: { id: w.clientA1 } });
  const edit = fc.array(fc.tuple(fc.nat({ max: valid.length }), fc.nat({ max: 3 }), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 4 });
  fc.sample(edit, { seed: FUZZ_SEED, numRuns: 120 }).forEach((edits, i) => {
    let s = valid;
    for (const [at, del, ins] of edits) s = s.slice(0, at) + ins + s.slice(at + del);
    out.push(post(w, category, `mutated body #${i}`, i % 2 ? 'staffA' : 'anonymous', s));
  });
  return out;
}

/** Fragment fan-out: each fragment spreads the next twice, so naive expansion costs 2^n. */
export function fanOut(levels: number, leaf: string): string {
  const frags = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : leaf} }`);
  return `{ ...F0 } ${frags.join(' ')}`;
}
