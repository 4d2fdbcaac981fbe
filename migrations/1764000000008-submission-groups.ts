import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CREATE_SUBMISSION_OPEN } from './1764000000006-submission-functions.js';

// A group commit of survey-link submissions (ResponsesService.submitLinks) in two statements
// instead of 1 + 2n: each statement of a simple-protocol message is parsed, planned, started and
// answered on its own, and for a group of n that overhead was most of what the database spent
// beyond the writes themselves. Measured on the benchmark's bare anchor, alternating, 32
// connections: 3,136–3,355 against 3,508–3,825 submissions/s, PostgreSQL CPU per submission
// 0.285–0.309 against 0.245–0.271 ms (figures in docs/scaling.md).
//
// Both functions only loop over the functions of 1764000000006/7, so a submission in a group runs
// exactly what it runs alone; they add no rights (SECURITY INVOKER). submission_open itself answers
// an assignment that is not completed yet (every first submission) from the row it locked, without
// the query that joins the stored response: PostgreSQL 0.279–0.304 against 0.296–0.318 ms per
// submission on the bare anchor (four alternating rounds).
// What submission_open answers (as in 1764000000006), and submission_open_links after each link's position.
const OPENED_COLUMNS = `
  clinic_id uuid, id uuid, client_id uuid, instrument_version_id uuid, time_point text,
  opens_at timestamptz, closes_at timestamptz, completed_at timestamptz, cancelled_at timestamptz,
  response_id uuid, response_time_point text, response_source text, response_answers jsonb,
  response_idempotency_key text, response_payload_hash text, response_submitted_at timestamptz, response_scores jsonb`;

export class SubmissionGroups1764000000008 implements MigrationInterface {
  name = 'SubmissionGroups1764000000008';

  async up(q: QueryRunner): Promise<void> {
    // The same arguments, checks, scope, lock and answer as in 1764000000006. Only a completed
    // assignment has a stored response, read by a later statement than the lock (so after waiting
    // for a concurrent submission it sees that submission's committed rows).
    await q.query(`
      CREATE OR REPLACE FUNCTION submission_open(p_app_role text, p_clinic_id uuid, p_assignment_id uuid, p_token_hash bytea)
      RETURNS TABLE (${OPENED_COLUMNS})
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp
      AS $fn$
      DECLARE
        v_clinic uuid;
        a survey_assignment%ROWTYPE;
      BEGIN
        IF (p_token_hash IS NULL) = (p_assignment_id IS NULL) OR (p_token_hash IS NULL) <> (p_clinic_id IS NOT NULL) THEN
          RAISE EXCEPTION 'submission_open: a token hash, or a clinic and an assignment id';
        END IF;
        PERFORM set_config('role', 'smp_app', true), set_config('app.clinic_id', coalesce(p_clinic_id::text, ''), true),
                set_config('app.role', p_app_role, true);
        IF p_token_hash IS NOT NULL THEN
          v_clinic := survey_link_clinic(p_token_hash);
          IF v_clinic IS NULL THEN RETURN; END IF;
          PERFORM set_config('app.clinic_id', v_clinic::text, true);
          SELECT s.* INTO a FROM survey_assignment s WHERE s.clinic_id = v_clinic AND s.token_hash = p_token_hash FOR UPDATE;
        ELSE
          SELECT s.* INTO a FROM survey_assignment s WHERE s.clinic_id = p_clinic_id AND s.id = p_assignment_id FOR UPDATE;
        END IF;
        IF NOT FOUND THEN RETURN; END IF;
        IF a.completed_at IS NULL THEN
          -- The response columns stay NULL.
          clinic_id := a.clinic_id; id := a.id; client_id := a.client_id; instrument_version_id := a.instrument_version_id;
          time_point := a.time_point; opens_at := a.opens_at; closes_at := a.closes_at; completed_at := NULL;
          cancelled_at := a.cancelled_at;
          RETURN NEXT;
          RETURN;
        END IF;
        RETURN QUERY
          SELECT a.clinic_id, a.id, a.client_id, a.instrument_version_id, a.time_point,
                 a.opens_at, a.closes_at, a.completed_at, a.cancelled_at,
                 r.id, r.time_point, r.source, r.answers, r.idempotency_key, r.payload_hash, r.submitted_at,
                 CASE WHEN r.id IS NULL THEN NULL ELSE coalesce((
                   SELECT jsonb_agg(jsonb_build_object('scaleKey', sc.scale_key, 'score', sc.score,
                                                       'answeredItems', sc.answered_items, 'missingItems', sc.missing_items))
                     FROM scale_score sc WHERE sc.clinic_id = r.clinic_id AND sc.response_id = r.id), '[]'::jsonb) END
            FROM (SELECT 1) one
            LEFT JOIN survey_response r ON r.clinic_id = a.clinic_id AND r.assignment_id = a.id;
      END
      $fn$`);

    // submission_open for each token hash, in the order given (the caller sorts them, so that two
    // groups lock in the same order); ord is the hash's 1-based position. An unknown link has no
    // row. Like submission_open it runs as the API's login role and switches to smp_app itself.
    await q.query(`
      CREATE FUNCTION submission_open_links(p_app_role text, p_token_hashes bytea[])
      RETURNS TABLE (ord integer, ${OPENED_COLUMNS})
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp
      AS $fn$
      BEGIN
        FOR i IN 1 .. coalesce(array_length(p_token_hashes, 1), 0) LOOP
          RETURN QUERY SELECT i, o.* FROM submission_open(p_app_role, NULL::uuid, NULL::uuid, p_token_hashes[i]) o;
        END LOOP;
      END
      $fn$`);

    // submission_record for each item {clinic, response, scores, audit}, each under the scope of
    // its own clinic (the one submission_open found for it): row-level security checks every row a
    // submission writes against that clinic, not against the group's last. All or nothing.
    await q.query(`
      CREATE FUNCTION submission_record_each(p_items jsonb) RETURNS void
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp
      AS $fn$
      DECLARE
        item jsonb;
      BEGIN
        FOR item IN SELECT value FROM jsonb_array_elements(p_items) LOOP
          IF item->>'clinic' IS NULL THEN RAISE EXCEPTION 'submission_record_each: an item without its clinic'; END IF;
          PERFORM set_config('app.clinic_id', item->>'clinic', true);
          PERFORM submission_record(item->'response', item->'scores', item->'audit');
        END LOOP;
      END
      $fn$`);
    await q.query(`REVOKE ALL ON FUNCTION submission_record_each(jsonb) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION submission_record_each(jsonb) TO smp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS submission_record_each(jsonb)`);
    await q.query(`DROP FUNCTION IF EXISTS submission_open_links(text, bytea[])`);
    // As 1764000000006 created it (with PostgreSQL's default EXECUTE for PUBLIC, as there).
    await q.query(`DROP FUNCTION submission_open(text, uuid, uuid, bytea)`);
    await q.query(CREATE_SUBMISSION_OPEN);
  }
}
