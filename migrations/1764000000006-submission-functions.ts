import type { MigrationInterface, QueryRunner } from 'typeorm';

// A survey submission in two round trips instead of ten (apps/api/src/responses/responses.service.ts):
//
//   1. BEGIN; SELECT * FROM submission_open(…)   — scope, the link's clinic, the assignment locked
//   2. SELECT submission_record(…); COMMIT        — response, scores, completion and audit event
//
// with validation and scoring in TypeScript in between. Both functions are SECURITY INVOKER: they
// run with exactly the caller's rights and do only what the API did statement by statement before
// (the catalog test's allow-list of definer functions is unchanged). submission_open switches the
// transaction to the query role smp_app first (set_config(…, true), local to the transaction, as
// Db.tx does), so every statement after that — the ones inside it included, each planned when it
// runs — is under row-level security for the clinic it then sets. A caller that is not a member of
// smp_app cannot switch to it, and a member could have issued the same set_config calls itself.
export class SubmissionFunctions1764000000006 implements MigrationInterface {
  name = 'SubmissionFunctions1764000000006';

  async up(q: QueryRunner): Promise<void> {
    // Either p_token_hash (a survey link: its clinic comes from survey_link_clinic, the only
    // definer function involved) or p_clinic_id + p_assignment_id (staff of that clinic). Returns
    // the assignment locked FOR UPDATE (no row: unknown link, or no such assignment in that clinic)
    // and, once it is completed, its stored response and scores for an idempotent replay. The
    // response is read by a later statement than the lock, so after waiting for a concurrent
    // submission it sees that submission's committed rows.
    await q.query(CREATE_SUBMISSION_OPEN);

    // The writes of one submission, in the transaction submission_open began (so as smp_app, under
    // row-level security for the assignment's clinic): the response and its scores (rows shaped like
    // the tables, as JSON), the assignment's completion, the audit event. One statement: all or nothing.
    await q.query(`
      CREATE FUNCTION submission_record(p_response jsonb, p_scores jsonb, p_audit jsonb) RETURNS void
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp
      AS $fn$
      DECLARE
        r survey_response%ROWTYPE;
      BEGIN
        r := jsonb_populate_record(NULL::survey_response, p_response);
        INSERT INTO survey_response SELECT r.*;
        INSERT INTO scale_score SELECT * FROM jsonb_populate_recordset(NULL::scale_score, p_scores);
        -- One response per link: completion is what makes a second submission a CONFLICT.
        UPDATE survey_assignment s SET completed_at = r.submitted_at, draft_answers = NULL, draft_saved_at = NULL
         WHERE s.clinic_id = r.clinic_id AND s.id = r.assignment_id;
        IF NOT FOUND THEN RAISE EXCEPTION 'submission_record: assignment % not found', r.assignment_id; END IF;
        INSERT INTO audit_event (occurred_at, actor_id, actor_role, clinic_id, action, target_type, target_id, outcome, details)
          SELECT e.occurred_at, e.actor_id, e.actor_role, e.clinic_id, e.action, e.target_type, e.target_id, e.outcome, e.details
            FROM jsonb_populate_record(NULL::audit_event, p_audit) e;
      END
      $fn$`);

    // submission_open runs before the switch to smp_app, as the API's login role (a member of
    // smp_app): it keeps PostgreSQL's default EXECUTE for PUBLIC — being SECURITY INVOKER, it gives
    // no caller anything it could not do itself. submission_record only ever runs as smp_app.
    await q.query(`REVOKE ALL ON FUNCTION submission_record(jsonb, jsonb, jsonb) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION submission_record(jsonb, jsonb, jsonb) TO smp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS submission_record(jsonb, jsonb, jsonb)`);
    await q.query(`DROP FUNCTION IF EXISTS submission_open(text, uuid, uuid, bytea)`);
  }
}

// The function as this migration creates it (1764000000008 replaces it and restores it on the way down).
export const CREATE_SUBMISSION_OPEN = `
      CREATE FUNCTION submission_open(p_app_role text, p_clinic_id uuid, p_assignment_id uuid, p_token_hash bytea)
      RETURNS TABLE (
        clinic_id uuid, id uuid, client_id uuid, instrument_version_id uuid, time_point text,
        opens_at timestamptz, closes_at timestamptz, completed_at timestamptz, cancelled_at timestamptz,
        response_id uuid, response_time_point text, response_source text, response_answers jsonb,
        response_idempotency_key text, response_payload_hash text, response_submitted_at timestamptz, response_scores jsonb
      )
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
        RETURN QUERY
          SELECT a.clinic_id, a.id, a.client_id, a.instrument_version_id, a.time_point,
                 a.opens_at, a.closes_at, a.completed_at, a.cancelled_at,
                 r.id, r.time_point, r.source, r.answers, r.idempotency_key, r.payload_hash, r.submitted_at,
                 CASE WHEN r.id IS NULL THEN NULL ELSE coalesce((
                   SELECT jsonb_agg(jsonb_build_object('scaleKey', sc.scale_key, 'score', sc.score,
                                                       'answeredItems', sc.answered_items, 'missingItems', sc.missing_items))
                     FROM scale_score sc WHERE sc.clinic_id = r.clinic_id AND sc.response_id = r.id), '[]'::jsonb) END
            FROM (SELECT 1) one
            LEFT JOIN survey_response r ON a.completed_at IS NOT NULL AND r.clinic_id = a.clinic_id AND r.assignment_id = a.id;
      END
      $fn$`;
