import type { QueryRunner } from 'typeorm';
import { ResponsesService } from '../../apps/api/src/responses/responses.service.js';
import { enrolClient, issueLink, newClinicWithStaff, startTestApp, SUBMIT, type GqlResult, type TestApp } from '../../libs/testing/src/index.js';

// Group commit of survey-link submissions (ResponsesService.submitLinks), through HTTP. One slot,
// held by a "plug" submission whose assignment row the test keeps locked: every submission sent
// meanwhile waits in the queue, and all of them are then written by one group — which the test
// proves from the rows (one transaction id, xmin, for all of them), across two clinics.
describe('survey-link submissions written in groups', () => {
  let t: TestApp;
  let clinics: { staffToken: string; clinicId: string }[];
  let items: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: { SUBMISSION_BATCH_SLOTS: '1', SUBMISSION_BATCH_MAX: '32' } });
    const admin = await t.newAdmin();
    clinics = [await newClinicWithStaff(t, admin.token), await newClinicWithStaff(t, admin.token)];
    const probe = await openLinks(1);
    const f = await t.gql<{ survey: { items: { code: string }[] } }>(`query($t: String!) { survey(token: $t) { items { code } } }`, { t: probe[0]!.token });
    items = f.data!.survey.items.map((i) => i.code);
  });
  afterAll(() => t.close());

  const stats = () => t.app.get(ResponsesService).submissionGroupStats();
  const answers = (value = 1) => items.map((itemCode) => ({ itemCode, value }));

  /** n open RSES baseline links, alternating between the two clinics. */
  async function openLinks(n: number): Promise<{ token: string; assignmentId: string; clinicId: string }[]> {
    const out = [];
    for (let i = 0; i < n; i++) {
      const c = clinics[i % 2]!;
      const client = await enrolClient(t, c.staffToken);
      const a = client.surveyAssignments.find((x) => x.instrumentKey === 'RSES' && x.timePoint === 'BASELINE')!;
      out.push({ token: await issueLink(t, c.staffToken, a.id), assignmentId: a.id, clinicId: c.clinicId });
    }
    return out;
  }

  /**
   * Sends the plug's submission and, while its row is locked by the test, the given requests; once
   * all of them wait in the queue the lock goes, and the answers come back in the requests' order.
   */
  async function grouped(requests: Record<string, unknown>[]): Promise<GqlResult<any>[]> {
    const [plug] = await openLinks(1);
    const lock: QueryRunner = t.dataSource.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      await lock.query(`SELECT 1 FROM survey_assignment WHERE clinic_id = $1 AND id = $2 FOR UPDATE`, [plug!.clinicId, plug!.assignmentId]);
      const before = stats();
      const plugAnswer = t.gql<any>(SUBMIT, { input: { token: plug!.token, answers: answers(), idempotencyKey: `plug-${plug!.assignmentId}` } });
      await until(() => stats().active === 1 && stats().batches === before.batches + 1);
      const answered = requests.map((input) => t.gql<any>(SUBMIT, { input }));
      await until(() => stats().queued === requests.length);
      await lock.commitTransaction();
      expect((await plugAnswer).errors).toBeUndefined();
      return await Promise.all(answered);
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
  }

  async function until(cond: () => boolean): Promise<void> {
    for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cond()).toBe(true);
  }

  const xmins = async (assignmentIds: string[]) =>
    (await t.dataSource.query(`SELECT DISTINCT xmin::text AS x FROM survey_response WHERE assignment_id = ANY($1::uuid[])`, [assignmentIds])).map(
      (r: { x: string }) => r.x,
    );

  it('writes the submissions of two clinics that arrived together in one transaction, each with its own result', async () => {
    const links = await openLinks(6);
    const before = stats();
    const results = await grouped(links.map((l) => ({ token: l.token, answers: answers(2), idempotencyKey: `group-${l.assignmentId}` })));
    // The plug's batch, then one batch of all six.
    expect(stats().batches - before.batches).toBe(2);
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = results.map((r) => r.data.submitSurveyResponse.responseId);
    expect(new Set(ids).size).toBe(6);
    expect(await xmins(links.map((l) => l.assignmentId))).toHaveLength(1);
    // Each response belongs to its own link's clinic and assignment, with its scores and audit row.
    const rows = await t.dataSource.query(
      `SELECT r.id, r.clinic_id, r.assignment_id, (SELECT count(*)::int FROM scale_score s WHERE s.clinic_id = r.clinic_id AND s.response_id = r.id) AS scores,
              (SELECT count(*)::int FROM audit_event e WHERE e.action = 'RESPONSE_SUBMITTED' AND e.target_id = r.assignment_id::text AND e.clinic_id = r.clinic_id) AS audits,
              (SELECT completed_at IS NOT NULL FROM survey_assignment a WHERE a.clinic_id = r.clinic_id AND a.id = r.assignment_id) AS completed
         FROM survey_response r WHERE r.assignment_id = ANY($1::uuid[])`,
      [links.map((l) => l.assignmentId)],
    );
    expect(rows).toHaveLength(6);
    for (const [i, l] of links.entries()) {
      const row = rows.find((x: { assignment_id: string }) => x.assignment_id === l.assignmentId);
      expect(row).toMatchObject({ id: ids[i], clinic_id: l.clinicId, audits: 1, completed: true });
      expect(row.scores).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((r: { clinic_id: string }) => r.clinic_id)).size).toBe(2);
  });

  it('fails only the submissions that earn an error; the others of the group are written', async () => {
    const links = await openLinks(4);
    const done = (await openLinks(1))[0]!;
    const first = await t.gql<any>(SUBMIT, { input: { token: done.token, answers: answers(), idempotencyKey: `first-${done.assignmentId}` } });
    expect(first.errors).toBeUndefined();
    const results = await grouped([
      { token: links[0]!.token, answers: answers(), idempotencyKey: `ok-${links[0]!.assignmentId}` },
      { token: 'A'.repeat(43), answers: answers(), idempotencyKey: 'unknown-link-1' },
      { token: links[2]!.token, answers: answers().slice(0, 5), idempotencyKey: `short-${links[2]!.assignmentId}` },
      { token: done.token, answers: answers(), idempotencyKey: `first-${done.assignmentId}` },
      { token: links[1]!.token, answers: answers(3), idempotencyKey: `ok-${links[1]!.assignmentId}` },
      { token: links[3]!.token, answers: answers().map((a, i) => (i === 0 ? { ...a, value: 9 } : a)), idempotencyKey: `bad-${links[3]!.assignmentId}` },
    ]);
    const [ok1, unknown, missing, replay, ok2, invalid] = results;
    expect(ok1!.errors).toBeUndefined();
    expect(ok2!.errors).toBeUndefined();
    expect(unknown!.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'token' });
    expect(missing!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED_MISSING' });
    expect(invalid!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_OPTION' });
    expect(replay!.data.submitSurveyResponse).toMatchObject({ responseId: first.data.submitSurveyResponse.responseId, replayed: true });
    // The two good ones (one per clinic) share one transaction; the failed ones stored nothing.
    expect(await xmins([links[0]!.assignmentId, links[1]!.assignmentId])).toHaveLength(1);
    const stored = await t.dataSource.query(`SELECT assignment_id FROM survey_response WHERE assignment_id = ANY($1::uuid[])`, [[links[2]!.assignmentId, links[3]!.assignmentId]]);
    expect(stored).toEqual([]);
  });

  it('sends the same link twice in one wait to two groups: one response, the second a replay', async () => {
    const [l] = await openLinks(1);
    const input = { token: l!.token, answers: answers(), idempotencyKey: `twice-${l!.assignmentId}` };
    const before = stats();
    const [a, b] = await grouped([input, input]);
    expect(stats().batches - before.batches).toBe(3);
    expect(a!.errors).toBeUndefined();
    expect(b!.errors).toBeUndefined();
    expect(b!.data.submitSurveyResponse).toMatchObject({ responseId: a!.data.submitSurveyResponse.responseId, replayed: true });
    const n = await t.dataSource.query(`SELECT count(*)::int AS n FROM survey_response WHERE assignment_id = $1`, [l!.assignmentId]);
    expect(n[0].n).toBe(1);
  });

  it('runs every submission of a group the database refused again on its own: only the refused one fails', async () => {
    const links = await openLinks(4);
    const refused = links[1]!;
    // A trigger that refuses one response: the group's second message fails as a whole.
    await t.dataSource.query(`
      CREATE FUNCTION test_refuse_response() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.assignment_id = '${refused.assignmentId}'::uuid THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await t.dataSource.query(`CREATE TRIGGER test_refuse_response BEFORE INSERT ON survey_response FOR EACH ROW EXECUTE FUNCTION test_refuse_response()`);
    try {
      const results = await grouped(links.map((l) => ({ token: l.token, answers: answers(), idempotencyKey: `refuse-${l.assignmentId}` })));
      for (const [i, r] of results.entries()) {
        if (i === 1) {
          expect(r.data).toBeNull();
          expect(r.errors![0]!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
          expect(JSON.stringify(r.errors)).not.toMatch(/refused by the test|INSERT|survey_response|trigger/i);
        } else {
          expect(r.errors).toBeUndefined();
        }
      }
      const others = links.filter((l) => l !== refused).map((l) => l.assignmentId);
      // Written again one by one: three transactions, nothing of the refused one.
      expect(await xmins(others)).toHaveLength(3);
      const rows = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM survey_response WHERE assignment_id = $1) AS responses,
                (SELECT count(*)::int FROM audit_event WHERE target_id = $1::text AND action = 'RESPONSE_SUBMITTED') AS audits,
                (SELECT completed_at FROM survey_assignment WHERE id = $1) AS completed`,
        [refused.assignmentId],
      );
      expect(rows[0]).toEqual({ responses: 0, audits: 0, completed: null });
    } finally {
      await t.dataSource.query(`DROP TRIGGER test_refuse_response ON survey_response`);
      await t.dataSource.query(`DROP FUNCTION test_refuse_response()`);
    }
  });
});
