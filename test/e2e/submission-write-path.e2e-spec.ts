import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { enrolClient, newClinicWithStaff, startTestApp, tableCounts, type ClinicFixture, type TestApp } from '../../libs/testing/src/index.js';

// The database side of a submission after migration 1764000000007: what the schema guarantees by
// itself, checked with statements the API would never send (as the owner, which row-level security
// does not restrict), each inside a transaction that is rolled back.
describe('submission write path (schema guarantees)', () => {
  let t: TestApp;
  let clinic: ClinicFixture;
  let a: { id: string; clientId: string; versionId: string; timePoint: string };
  let otherClientId: string;
  let otherVersionId: string;
  let otherClinicId: string;

  beforeAll(async () => {
    t = await startTestApp();
    clinic = await newClinicWithStaff(t, (await t.newAdmin()).token);
    const first = await enrolClient(t, clinic.staffToken);
    otherClientId = (await enrolClient(t, clinic.staffToken)).id;
    const [row] = await t.dataSource.query(
      `SELECT id, client_id, instrument_version_id, time_point FROM survey_assignment WHERE clinic_id = $1 AND client_id = $2 AND time_point = 'BASELINE' LIMIT 1`,
      [clinic.clinicId, first.id],
    );
    a = { id: row.id, clientId: row.client_id, versionId: row.instrument_version_id, timePoint: row.time_point };
    [{ id: otherVersionId }] = await t.dataSource.query(`SELECT id FROM instrument_version WHERE id <> $1 LIMIT 1`, [a.versionId]);
    otherClinicId = (await newClinicWithStaff(t, (await t.newAdmin()).token)).clinicId;
  });
  afterAll(() => t.close());

  /** Runs work in a transaction that is always rolled back. */
  async function rolledBack<T>(work: (qr: QueryRunner) => Promise<T>): Promise<T> {
    const qr = t.dataSource.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      return await work(qr);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  }

  const responseRow = (over: Record<string, unknown> = {}) => ({
    clinic_id: clinic.clinicId, id: randomUUID(), assignment_id: a.id, client_id: a.clientId, instrument_version_id: a.versionId,
    time_point: a.timePoint, answers: {}, source: 'WEB', idempotency_key: `test-${randomUUID()}`, payload_hash: 'f'.repeat(64),
    submitted_at: new Date('2026-03-02T09:00:00Z').toISOString(), entered_by: null, ...over,
  });
  const insertResponse = (qr: QueryRunner, row: Record<string, unknown>) =>
    qr.query(`INSERT INTO survey_response SELECT * FROM jsonb_populate_record(NULL::survey_response, $1::jsonb)`, [JSON.stringify(row)]);
  const sqlState = (e: unknown) => (e as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (e as { code?: string }).code;

  it('accepts a response that matches its assignment', async () => {
    await rolledBack(async (qr) => {
      await insertResponse(qr, responseRow());
      const [{ n }] = await qr.query(`SELECT count(*)::int AS n FROM survey_response WHERE clinic_id = $1 AND assignment_id = $2`, [clinic.clinicId, a.id]);
      expect(n).toBe(1);
    });
  });

  it.each([
    ['another client', () => ({ client_id: otherClientId })],
    ['another (published) instrument version', () => ({ instrument_version_id: otherVersionId })],
    ['another time point', () => ({ time_point: 'MONTH_12' })],
    ['an assignment that does not exist', () => ({ assignment_id: randomUUID() })],
  ])('refuses a response naming %s (foreign key violation)', async (_what, over) => {
    await rolledBack(async (qr) => {
      const err = await insertResponse(qr, responseRow(over())).then(() => null, (e: unknown) => e);
      expect(sqlState(err)).toBe('23503');
    });
  });

  it('stores scores with their response\'s client and time point, whatever the score rows say', async () => {
    await rolledBack(async (qr) => {
      const r = responseRow();
      const scores = [{ clinic_id: clinic.clinicId, response_id: r.id, scale_key: 'X_TOTAL', client_id: otherClientId, instrument_key: 'X',
        time_point: 'MONTH_12', score: 1.5, answered_items: 3, missing_items: 0 }];
      const audit = { occurred_at: r.submitted_at, actor_id: null, actor_role: 'CLIENT', clinic_id: clinic.clinicId, action: 'SURVEY_SUBMITTED',
        target_type: 'survey_response', target_id: r.id, outcome: 'SUCCESS', details: {} };
      await qr.query(`SELECT submission_record($1::jsonb, $2::jsonb, $3::jsonb)`, [JSON.stringify(r), JSON.stringify(scores), JSON.stringify(audit)]);
      const rows = await qr.query(`SELECT client_id, time_point, score FROM scale_score WHERE clinic_id = $1 AND response_id = $2`, [clinic.clinicId, r.id]);
      expect(rows).toEqual([{ client_id: a.clientId, time_point: a.timePoint, score: 1.5 }]);
      const [s] = await qr.query(`SELECT completed_at FROM survey_assignment WHERE clinic_id = $1 AND id = $2`, [clinic.clinicId, a.id]);
      expect(s.completed_at).toEqual(new Date(r.submitted_at));
    });
  });

  it('writes nothing when one part of the recording fails', async () => {
    const before = await tableCounts(t.dataSource);
    const r = responseRow({ assignment_id: randomUUID() });
    const audit = { occurred_at: r.submitted_at, actor_role: 'CLIENT', clinic_id: clinic.clinicId, action: 'SURVEY_SUBMITTED', outcome: 'SUCCESS', details: {} };
    const err = await t.dataSource
      .query(`SELECT submission_record($1::jsonb, '[]'::jsonb, $2::jsonb)`, [JSON.stringify(r), JSON.stringify(audit)])
      .then(() => null, (e: unknown) => e);
    expect(sqlState(err)).toBe('23503');
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('completes an assignment without touching its indexes (a HOT update)', async () => {
    const indexes: { indexdef: string }[] = await t.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'survey_assignment'`);
    expect(indexes.length).toBeGreaterThan(3);
    expect(indexes.filter((i) => /completed_at|draft_/.test(i.indexdef))).toEqual([]);
    await rolledBack(async (qr) => {
      // This backend's counts not yet sent to the statistics (PGlite's single backend holds earlier ones too): the difference.
      const counts = async () => (await qr.query(`SELECT n_tup_upd::int AS upd, n_tup_hot_upd::int AS hot FROM pg_stat_xact_user_tables WHERE relname = 'survey_assignment'`))[0] as { upd: number; hot: number };
      const before = await counts();
      await qr.query(`UPDATE survey_assignment SET completed_at = now(), draft_answers = NULL, draft_saved_at = NULL WHERE clinic_id = $1 AND id = $2`, [clinic.clinicId, a.id]);
      const after = await counts();
      expect({ upd: after.upd - before.upd, hot: after.hot - before.hot }).toEqual({ upd: 1, hot: 1 });
    });
  });

  // The group-commit functions of 1764000000008, run as the API runs them: as smp_app, under
  // row-level security (the test's own connection is a superuser, which RLS would not restrict).
  const record = (clinicOfScope: string | null) => {
    const r = responseRow();
    const audit = { occurred_at: r.submitted_at, actor_id: null, actor_role: 'ANONYMOUS', clinic_id: clinic.clinicId, action: 'RESPONSE_SUBMITTED',
      target_type: 'survey_assignment', target_id: a.id, outcome: 'SUCCESS', details: {} };
    return { ...(clinicOfScope === null ? {} : { clinic: clinicOfScope }), response: r, scores: [], audit };
  };

  it('opens several links in one statement: a row per known link, at its position, the scope switched to smp_app', async () => {
    await rolledBack(async (qr) => {
      await qr.query(`UPDATE survey_assignment SET token_hash = sha256('submission-write-path') WHERE clinic_id = $1 AND id = $2`, [clinic.clinicId, a.id]);
      const rows = await qr.query(`SELECT ord, id, clinic_id, current_user AS who
        FROM submission_open_links('SURVEY_LINK', ARRAY[sha256('unknown'), sha256('submission-write-path'), sha256('unknown too')])`);
      expect(rows).toEqual([{ ord: 2, id: a.id, clinic_id: clinic.clinicId, who: 'smp_app' }]);
      expect(await qr.query(`SELECT * FROM submission_open_links('SURVEY_LINK', '{}'::bytea[])`)).toEqual([]);
    });
  });

  it('opens an open assignment without a stored response, and a completed one with its response and scores', async () => {
    await rolledBack(async (qr) => {
      await qr.query(`UPDATE survey_assignment SET token_hash = sha256('submission-write-path') WHERE clinic_id = $1 AND id = $2`, [clinic.clinicId, a.id]);
      const open = async () => (await qr.query(`SELECT completed_at, response_id, response_idempotency_key, response_scores
        FROM submission_open('SURVEY_LINK', NULL, NULL, sha256('submission-write-path'))`))[0];
      expect(await open()).toEqual({ completed_at: null, response_id: null, response_idempotency_key: null, response_scores: null });
      const item = record(clinic.clinicId);
      const scores = [{ clinic_id: clinic.clinicId, response_id: item.response.id, scale_key: 'X_TOTAL', client_id: a.clientId, instrument_key: 'X',
        time_point: a.timePoint, score: 2.5, answered_items: 4, missing_items: 1 }];
      await qr.query(`SELECT submission_record_each($1::jsonb)`, [JSON.stringify([{ ...item, scores }])]);
      expect(await open()).toEqual({
        completed_at: new Date(item.response.submitted_at), response_id: item.response.id, response_idempotency_key: item.response.idempotency_key,
        response_scores: [{ scaleKey: 'X_TOTAL', score: 2.5, answeredItems: 4, missingItems: 1 }],
      });
    });
  });

  it('records each item of a group under its own clinic: an item whose clinic is not its rows\' clinic is refused by row-level security', async () => {
    await rolledBack(async (qr) => {
      await qr.query(`SELECT set_config('role', 'smp_app', true), set_config('app.clinic_id', $1, true)`, [clinic.clinicId]);
      await qr.query(`SAVEPOINT s`);
      // The scope before the call is the response's own clinic: only the item's clinic can make this fail.
      const err = await qr.query(`SELECT submission_record_each($1::jsonb)`, [JSON.stringify([record(otherClinicId)])]).then(() => null, (e: unknown) => e);
      expect(sqlState(err)).toBe('42501');
      await qr.query(`ROLLBACK TO SAVEPOINT s`);
      const noClinic = await qr.query(`SELECT submission_record_each($1::jsonb)`, [JSON.stringify([record(null)])]).then(() => null, (e: unknown) => e);
      expect(String(noClinic)).toContain('an item without its clinic');
      await qr.query(`ROLLBACK TO SAVEPOINT s`);
      await qr.query(`SELECT set_config('app.clinic_id', $1, true)`, [otherClinicId]);
      await qr.query(`SELECT submission_record_each($1::jsonb)`, [JSON.stringify([record(clinic.clinicId)])]);
      const [{ n }] = await qr.query(`SELECT count(*)::int AS n FROM survey_response WHERE clinic_id = $1 AND assignment_id = $2`, [clinic.clinicId, a.id]);
      expect(n).toBe(1);
    });
  });
});
