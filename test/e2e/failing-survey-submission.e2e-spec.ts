import { enrolClient, issueLink, newClinicWithStaff, startTestApp, SUBMIT, tableCounts, type TestApp } from '../../libs/testing/src/index.js';

// Every bad submission gets a coded error naming what was wrong, and leaves every table as it was.
describe('failing survey submissions', () => {
  let t: TestApp;
  let staffToken: string;
  let otherStaffToken: string;
  let rsesToken: string;
  let rsesItems: { code: string; options: { code: number }[] }[];

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
    const admin = await t.newAdmin();
    ({ staffToken } = await newClinicWithStaff(t, admin.token));
    ({ staffToken: otherStaffToken } = await newClinicWithStaff(t, admin.token));
    const client = await enrolClient(t, staffToken);
    rsesToken = await issueLink(t, staffToken, client.surveyAssignments.find((a) => a.instrumentKey === 'RSES')!.id);
    const f = await t.gql<{ survey: { items: typeof rsesItems } }>(
      `query($t: String!) { survey(token: $t) { items { code options { code } } } }`,
      { t: rsesToken },
    );
    rsesItems = f.data!.survey.items;
  });
  afterAll(() => t.close());

  const valid = () => rsesItems.map((i) => ({ itemCode: i.code, value: 1 }));

  type Case = { title: string; input: () => Record<string, unknown>; code: string; field?: RegExp; reason?: string };
  const cases: Case[] = [
    { title: 'unknown item', input: () => ({ token: rsesToken, answers: [...valid(), { itemCode: 'RSES_99', value: 1 }], idempotencyKey: 'bad-unknown-1' }), code: 'BAD_USER_INPUT', field: /RSES_99/, reason: 'UNKNOWN_ITEM' },
    { title: 'answer outside the options', input: () => ({ token: rsesToken, answers: valid().map((a, i) => (i === 3 ? { ...a, value: 7 } : a)), idempotencyKey: 'bad-option-1' }), code: 'BAD_USER_INPUT', field: /RSES_4/, reason: 'INVALID_OPTION' },
    { title: 'missing required item', input: () => ({ token: rsesToken, answers: valid().slice(0, 9), idempotencyKey: 'bad-missing-1' }), code: 'BAD_USER_INPUT', field: /RSES_10/, reason: 'REQUIRED_MISSING' },
    { title: 'wrong type (string for Int)', input: () => ({ token: rsesToken, answers: [{ itemCode: 'RSES_1', value: 'three' }], idempotencyKey: 'bad-type-1' }), code: 'BAD_USER_INPUT', field: /value/ },
    { title: 'same item twice', input: () => ({ token: rsesToken, answers: [...valid(), { itemCode: 'RSES_1', value: 2 }], idempotencyKey: 'bad-dup-1' }), code: 'BAD_USER_INPUT', field: /answers\.10\.itemCode/, reason: 'DUPLICATE_ITEM' },
    { title: 'unknown token', input: () => ({ token: 'A'.repeat(43), answers: valid(), idempotencyKey: 'bad-token-1' }), code: 'NOT_FOUND', field: /^token$/ },
    { title: 'tampered token', input: () => ({ token: rsesToken.slice(0, -1) + (rsesToken.endsWith('A') ? 'B' : 'A'), answers: valid(), idempotencyKey: 'bad-token-2' }), code: 'NOT_FOUND', field: /^token$/ },
    { title: 'malformed token', input: () => ({ token: 'short', answers: valid(), idempotencyKey: 'bad-token-3' }), code: 'NOT_FOUND', field: /^token$/ },
    { title: 'idempotency key too short', input: () => ({ token: rsesToken, answers: valid(), idempotencyKey: 'x' }), code: 'BAD_USER_INPUT', field: /idempotencyKey/ },
    { title: 'unknown input field', input: () => ({ token: rsesToken, answers: valid(), idempotencyKey: 'bad-field-1', clinicId: 'x' }), code: 'BAD_USER_INPUT', field: /clinicId|input/ },
  ];

  it.each(cases)('$title → $code, nothing stored', async (c) => {
    const before = await tableCounts(t.dataSource);
    const r = await t.gql(SUBMIT, { input: c.input() });
    expect(r.data).toBeNull();
    expect(r.errors).toHaveLength(1);
    const e = r.errors![0]!;
    expect(e.extensions.code).toBe(c.code);
    if (c.field) expect(String(e.extensions.field)).toMatch(c.field);
    if (c.reason) expect(e.extensions.reason).toBe(c.reason);
    expect(JSON.stringify(r)).not.toMatch(/stacktrace|SELECT|INSERT|survey_response|at .*\.ts:\d+/i);
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('an expired assignment is a CONFLICT and stores nothing', async () => {
    const client = await enrolClient(t, staffToken);
    const a = client.surveyAssignments.find((x) => x.instrumentKey === 'RSES')!;
    const token = await issueLink(t, staffToken, a.id);
    // Baseline closes at the first session's day.
    await t.gql(
      `mutation($input: RecordTreatmentSessionInput!) { recordTreatmentSession(input: $input) { id } }`,
      { input: { clientId: client.id, sessionDate: '2026-03-02', areas: ['CROWN'] } },
      staffToken,
    );
    const before = await tableCounts(t.dataSource);
    const r = await t.gql(SUBMIT, { input: { token, answers: valid(), idempotencyKey: 'expired-0001' } });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'WINDOW_CLOSED' });
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('a cancelled assignment\'s link stops working; staff entry is a CONFLICT', async () => {
    const client = await enrolClient(t, staffToken);
    const a = client.surveyAssignments.find((x) => x.instrumentKey === 'RSES')!;
    const token = await issueLink(t, staffToken, a.id);
    const c = await t.gql(`mutation($id: ID!) { cancelSurveyAssignment(assignmentId: $id) { status } }`, { id: a.id }, staffToken);
    expect(c.data).toEqual({ cancelSurveyAssignment: { status: 'CANCELLED' } });
    const before = await tableCounts(t.dataSource);
    const r = await t.gql(SUBMIT, { input: { token, answers: valid(), idempotencyKey: 'cancelled-01' } });
    expect(r.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const paper = await t.gql(
      `mutation($input: EnterPaperResponseInput!) { enterPaperResponse(input: $input) { id } }`,
      { input: { assignmentId: a.id, answers: valid(), idempotencyKey: 'cancelled-02' } },
      staffToken,
    );
    expect(paper.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ASSIGNMENT_CANCELLED' });
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('a second, different submission to a completed assignment is a CONFLICT; same key with other answers too', async () => {
    const client = await enrolClient(t, staffToken);
    const a = client.surveyAssignments.find((x) => x.instrumentKey === 'RSES')!;
    const token = await issueLink(t, staffToken, a.id);
    const first = await t.gql(SUBMIT, { input: { token, answers: valid(), idempotencyKey: 'first-key-01' } });
    expect(first.errors).toBeUndefined();
    const before = await tableCounts(t.dataSource);
    const other = await t.gql(SUBMIT, { input: { token, answers: valid(), idempotencyKey: 'second-key-1' } });
    expect(other.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_SUBMITTED' });
    const changed = valid().map((x) => ({ ...x, value: 2 }));
    const reused = await t.gql(SUBMIT, { input: { token, answers: changed, idempotencyKey: 'first-key-01' } });
    expect(reused.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('two concurrent identical submissions store one response and both get it', async () => {
    const client = await enrolClient(t, staffToken);
    const a = client.surveyAssignments.find((x) => x.instrumentKey === 'RSES')!;
    const token = await issueLink(t, staffToken, a.id);
    const input = { token, answers: valid(), idempotencyKey: 'concurrent-01' };
    const [r1, r2] = await Promise.all([t.gql<any>(SUBMIT, { input }), t.gql<any>(SUBMIT, { input })]);
    expect(r1.errors).toBeUndefined();
    expect(r2.errors).toBeUndefined();
    expect(r1.data.submitSurveyResponse.responseId).toBe(r2.data.submitSurveyResponse.responseId);
    const n = await t.dataSource.query(`SELECT count(*)::int AS n FROM survey_response WHERE assignment_id = $1`, [a.id]);
    expect(n[0].n).toBe(1);
  });

  it('staff of another clinic cannot enter answers for this clinic\'s survey (same error as a random id)', async () => {
    const client = await enrolClient(t, staffToken);
    const a = client.surveyAssignments[0]!;
    const before = await tableCounts(t.dataSource);
    const q = `mutation($input: EnterPaperResponseInput!) { enterPaperResponse(input: $input) { id } }`;
    const foreign = await t.gql(q, { input: { assignmentId: a.id, answers: valid(), idempotencyKey: 'foreign-001' } }, otherStaffToken);
    const random = await t.gql(q, { input: { assignmentId: '7d1f0c36-4a8e-4f43-9d53-3c0c5e0b9a11', answers: valid(), idempotencyKey: 'foreign-002' } }, otherStaffToken);
    expect(foreign.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'assignmentId' });
    expect(foreign.errors![0]!.message).toBe(random.errors![0]!.message);
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });
});
