import { enrolClient, issueLink, newClinicWithStaff, startTestApp, SUBMIT, TEST_PASSWORD, type TestApp } from '../../libs/testing/src/index.js';

// The spine of the product, through GraphQL over HTTP: an administrator creates a clinic and its
// staff, staff enrol a client and record the treatment, the client answers the baseline and the
// MONTH_3 follow-up from links, and the clinic sees what is due, late and completed.
describe('collection flow: clinic creation to a completed MONTH_3 follow-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
  });
  afterAll(() => t.close());

  const FORM = `query($token: String!, $language: String) { survey(token: $token, language: $language) {
    status timePoint instrumentKey title language closesAt savedAnswers { itemCode value } submittedAt
    items { code text required options { code label } } } }`;

  type Item = { code: string; required: boolean; options: { code: number }[] };
  const answersPicking = (items: Item[], pick: (codes: number[]) => number) =>
    items.map((i) => ({ itemCode: i.code, value: pick(i.options.map((o) => o.code)) }));

  it('runs the whole flow', async () => {
    const admin = await t.newAdmin();
    const fixture = await newClinicWithStaff(t, admin.token);
    const { staffId } = fixture;
    let staffToken = fixture.staffToken;
    // Access tokens live 15 minutes of the test clock: sign in again after moving it.
    const travel = async (to: string) => {
      t.clock.set(new Date(to));
      staffToken = await t.login(fixture.staffEmail, TEST_PASSWORD);
    };

    // Enrolment creates the BASELINE assignments of the default protocol (RSES, WHO5, HLD), open now.
    const client = await enrolClient(t, staffToken, { language: 'de' });
    const baseline = client.surveyAssignments;
    expect(baseline.map((a) => a.instrumentKey).sort()).toEqual(['HLD', 'RSES', 'WHO5']);
    expect(baseline.every((a) => a.timePoint === 'BASELINE' && a.status === 'OPEN')).toBe(true);

    // The client opens the RSES link, saves part of it, comes back and submits.
    const rses = baseline.find((a) => a.instrumentKey === 'RSES')!;
    const token = await issueLink(t, staffToken, rses.id);
    const form = await t.gql<{ survey: { items: Item[]; status: string; language: string } }>(FORM, { token });
    expect(form.headers.get('referrer-policy')).toBe('no-referrer');
    expect(form.data!.survey.status).toBe('OPEN');
    expect(form.data!.survey.items).toHaveLength(10);
    const items = form.data!.survey.items;

    const draft = await t.gql(
      `mutation($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) }`,
      { input: { token, answers: answersPicking(items.slice(0, 4), (c) => c[1]!) } },
    );
    expect(draft.errors).toBeUndefined();
    const resumed = await t.gql<{ survey: { savedAnswers: { itemCode: string; value: number }[] } }>(FORM, { token });
    expect(resumed.data!.survey.savedAnswers).toHaveLength(4);

    const answers = answersPicking(items, (c) => c[2]!);
    const submitted = await t.gql<{ submitSurveyResponse: { responseId: string; replayed: boolean } }>(SUBMIT, {
      input: { token, answers, idempotencyKey: 'baseline-rses-0001' },
    });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitSurveyResponse.replayed).toBe(false);

    // A retry with the same key returns the first result and stores nothing twice.
    const retry = await t.gql<{ submitSurveyResponse: { responseId: string; replayed: boolean } }>(SUBMIT, {
      input: { token, answers, idempotencyKey: 'baseline-rses-0001' },
    });
    expect(retry.data!.submitSurveyResponse).toEqual({ ...submitted.data!.submitSurveyResponse, replayed: true, submittedAt: expect.any(String) });
    const stored = await t.dataSource.query(`SELECT count(*)::int AS n FROM survey_response WHERE assignment_id = $1`, [rses.id]);
    expect(stored[0].n).toBe(1);

    // Staff see the scores: every item answered with code 2 of 0–3; reverse items (2, 5, 6, 8, 9)
    // score 3 − 2 = 1, the other five score 2: 5 × 2 + 5 × 1 = 15.
    const seen = await t.gql<{ surveyResponse: { scores: { scaleKey: string; score: number }[]; source: string } }>(
      `query($id: ID!) { surveyResponse(assignmentId: $id) { source scores { scaleKey score } } }`,
      { id: rses.id },
      staffToken,
    );
    expect(seen.data!.surveyResponse.source).toBe('WEB');
    expect(seen.data!.surveyResponse.scores).toEqual([{ scaleKey: 'RSES_TOTAL', score: 15 }]);

    // The other two baseline questionnaires come on paper and are entered by staff.
    for (const a of baseline.filter((x) => x.instrumentKey !== 'RSES')) {
      const paperToken = await issueLink(t, staffToken, a.id);
      const f = await t.gql<{ survey: { items: Item[] } }>(FORM, { token: paperToken });
      const r = await t.gql(
        `mutation($input: EnterPaperResponseInput!) { enterPaperResponse(input: $input) { id source scores { scaleKey score } } }`,
        { input: { assignmentId: a.id, answers: answersPicking(f.data!.survey.items, (c) => c[1]!), idempotencyKey: `paper-${a.id}` } },
        staffToken,
      );
      expect(r.errors).toBeUndefined();
    }

    // First session closes the baseline window; the final one schedules the follow-ups.
    await travel('2026-03-09T10:00:00Z');
    const SESSION = `mutation($input: RecordTreatmentSessionInput!) { recordTreatmentSession(input: $input) {
      firstSessionDate finalSessionDate sessions { sessionDate isFinal practitioner } } }`;
    const s1 = await t.gql(SESSION, { input: { clientId: client.id, sessionDate: '2026-03-09', areas: ['HAIRLINE'], practitionerId: staffId } }, staffToken);
    expect(s1.errors).toBeUndefined();
    await travel('2026-04-08T10:00:00Z');
    const s2 = await t.gql<{ recordTreatmentSession: { finalSessionDate: string; sessions: { practitioner: string }[] } }>(
      SESSION,
      { input: { clientId: client.id, sessionDate: '2026-04-08', areas: ['HAIRLINE', 'CROWN'], isFinal: true, pigmentShade: 'Shade 3 warm' } },
      staffToken,
    );
    expect(s2.errors).toBeUndefined();
    expect(s2.data!.recordTreatmentSession.finalSessionDate).toBe('2026-04-08');
    expect(s2.data!.recordTreatmentSession.sessions[0]!.practitioner).toMatch(/^P-[0-9A-F]{8}$/);

    // A touch-up later does not move the anchor.
    await travel('2026-05-01T10:00:00Z');
    const touchUp = await t.gql<{ recordTreatmentSession: { finalSessionDate: string } }>(
      SESSION,
      { input: { clientId: client.id, sessionDate: '2026-05-01', kind: 'TOUCH_UP', areas: ['HAIRLINE'] } },
      staffToken,
    );
    expect(touchUp.data!.recordTreatmentSession.finalSessionDate).toBe('2026-04-08');

    // Windows (hand computed): final 2026-04-08; MONTH_3 due +90 d = 2026-07-07, opens −14 d =
    // 2026-06-23, accepts answers through due + 28 d = 2026-08-04 (closes 2026-08-05T00:00Z).
    const CLIENT = `query($id: ID!) { client(id: $id) { surveyAssignments { id timePoint instrumentKey status late dueAt opensAt closesAt } } }`;
    type A = { id: string; timePoint: string; instrumentKey: string; status: string; late: boolean; dueAt: string; opensAt: string; closesAt: string };
    const all = (await t.gql<{ client: { surveyAssignments: A[] } }>(CLIENT, { id: client.id }, staffToken)).data!.client.surveyAssignments;
    expect(all).toHaveLength(3 + 4 * 5);
    const m3 = all.filter((a) => a.timePoint === 'MONTH_3');
    expect(m3.map((a) => a.instrumentKey).sort()).toEqual(['HLD', 'PGIC', 'RSES', 'SMP_SAT', 'WHO5']);
    expect(m3[0]).toMatchObject({ status: 'SCHEDULED', dueAt: '2026-07-07T00:00:00.000Z', opensAt: '2026-06-23T00:00:00.000Z', closesAt: '2026-08-05T00:00:00.000Z' });
    const m1 = all.find((a) => a.timePoint === 'MONTH_1')!;
    expect(m1).toMatchObject({ dueAt: '2026-05-08T00:00:00.000Z', opensAt: '2026-04-24T00:00:00.000Z', closesAt: '2026-06-06T00:00:00.000Z' });
    expect(all.filter((a) => a.timePoint === 'BASELINE').every((a) => a.status === 'COMPLETED')).toBe(true);

    // Statuses follow the clock: on 2026-05-20 MONTH_1 is open and late (due 2026-05-08).
    await travel('2026-05-20T12:00:00Z');
    const LIST = `query($status: [AssignmentStatus!], $late: Boolean) { surveyAssignments(status: $status, lateOnly: $late) { totalCount items { clientId timePoint status late } } }`;
    const late = await t.gql<{ surveyAssignments: { totalCount: number; items: { timePoint: string; late: boolean }[] } }>(LIST, { late: true }, staffToken);
    expect(late.data!.surveyAssignments.totalCount).toBe(5);
    expect(late.data!.surveyAssignments.items.every((a) => a.timePoint === 'MONTH_1' && a.late)).toBe(true);

    // 2026-06-06T00:00Z: MONTH_1 expired unanswered.
    await travel('2026-06-06T00:00:00Z');
    const expired = await t.gql<{ surveyAssignments: { totalCount: number } }>(LIST, { status: ['EXPIRED'] }, staffToken);
    expect(expired.data!.surveyAssignments.totalCount).toBe(5);

    // In the MONTH_3 window the client answers all five follow-up questionnaires.
    await travel('2026-07-01T08:00:00Z');
    for (const a of m3) {
      const tok = await issueLink(t, staffToken, a.id);
      const f = await t.gql<{ survey: { items: Item[]; status: string } }>(FORM, { token: tok });
      expect(f.data!.survey.status).toBe('OPEN');
      const r = await t.gql(SUBMIT, { input: { token: tok, answers: answersPicking(f.data!.survey.items, (c) => Math.max(...c)), idempotencyKey: `m3-${a.id}` } });
      expect(r.errors).toBeUndefined();
    }
    const after = (await t.gql<{ client: { surveyAssignments: A[] } }>(CLIENT, { id: client.id }, staffToken)).data!.client.surveyAssignments;
    expect(after.filter((a) => a.timePoint === 'MONTH_3').every((a) => a.status === 'COMPLETED')).toBe(true);
    expect(after.filter((a) => a.timePoint === 'MONTH_6').every((a) => a.status === 'SCHEDULED')).toBe(true);

    // Scores of the MONTH_3 answers at each item's highest code, worked out by hand:
    // RSES: 5 positive items × 3 + 5 reverse items × (3 − 3 = 0) = 15; WHO5: 5 × 5 = 25 raw × 4 = 100;
    // SMP_SAT: mean 4 × 25 = 100; PGIC: 7; HLD: 6 × 4 = 24.
    const scores = await t.dataSource.query(
      `SELECT instrument_key, scale_key, score FROM scale_score WHERE client_id = $1 AND time_point = 'MONTH_3' ORDER BY scale_key`,
      [client.id],
    );
    const byScale = Object.fromEntries(scores.map((s: { scale_key: string; score: number }) => [s.scale_key, s.score]));
    expect(byScale).toMatchObject({ RSES_TOTAL: 15, WHO5_PERCENT: 100, SMP_SAT_SCORE: 100, PGIC: 7, HLD_TOTAL: 24 });
  });

  it('shows the questionnaire in the client’s language where the instrument has it, else English', async () => {
    const admin = await t.newAdmin();
    t.clock.set(new Date('2026-03-02T09:00:00Z'));
    const { staffToken } = await newClinicWithStaff(t, admin.token);
    const client = await enrolClient(t, staffToken, { language: 'de' });
    const who5 = client.surveyAssignments.find((a) => a.instrumentKey === 'WHO5')!;
    const token = await issueLink(t, staffToken, who5.id);
    const de = await t.gql<{ survey: { language: string; items: { text: string }[] } }>(FORM, { token });
    const en = await t.gql<{ survey: { language: string; items: { text: string }[] } }>(FORM, { token, language: 'en' });
    const fr = await t.gql<{ survey: { language: string } }>(FORM, { token, language: 'fr' });
    expect(de.data!.survey.language).toBe('de');
    expect(en.data!.survey.language).toBe('en');
    expect(de.data!.survey.items[0]!.text).not.toEqual(en.data!.survey.items[0]!.text);
    expect(fr.data!.survey.language).toBe('en');
  });
});
