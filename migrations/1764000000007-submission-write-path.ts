import type { MigrationInterface, QueryRunner } from 'typeorm';

// Less database work per survey submission, same guarantees (profiled with perf under the
// benchmark's submission load; figures in docs/scaling.md):
//
// - survey_link_clinic becomes plpgsql. As a SQL function with SECURITY DEFINER and SET it cannot be
//   inlined, so PostgreSQL parsed and planned its query on every call (about 7 % of the backend's
//   time per submission); plpgsql keeps the plan for the session. Same name, rights and answer.
// - A response references its assignment by (clinic, assignment, client, instrument version, time
//   point): one foreign-key check instead of three (assignment, client, instrument version), and the
//   database now also guarantees that a response's client, version and time point are its
//   assignment's. The assignment itself references the client and the version, and erasing a client
//   still cascades to the response through the assignment.
// - scale_score loses its foreign key to client: it already cascades from its response, and
//   submission_record now takes the client and time point from the response row itself.
// - Completing an assignment becomes a HOT update (no new index entries): no index of
//   survey_assignment mentions completed_at any more (the due-list index keeps only uncancelled
//   rows; the due list filters completion itself) and the table leaves room on each page
//   (fillfactor 85; pages written before this migration get it when rewritten, e.g. VACUUM FULL).
// - submission_record writes the response, its scores, the completion and the audit event in one
//   statement (data-modifying WITH), so the executor starts once instead of four times.
//
// audit_event keeps its indexes, although they are a good part of what a submission still costs:
// the administrators' audit listing filters by action and pages by time.
export class SubmissionWritePath1764000000007 implements MigrationInterface {
  name = 'SubmissionWritePath1764000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION survey_link_clinic(p_token_hash bytea) RETURNS uuid
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ BEGIN RETURN (SELECT clinic_id FROM survey_assignment WHERE token_hash = p_token_hash LIMIT 1); END $$`);

    await q.query(`ALTER TABLE survey_assignment ADD CONSTRAINT survey_assignment_response_key
      UNIQUE (clinic_id, id, client_id, instrument_version_id, time_point)`);
    await q.query(`ALTER TABLE survey_response ADD CONSTRAINT survey_response_of_assignment_fk
      FOREIGN KEY (clinic_id, assignment_id, client_id, instrument_version_id, time_point)
      REFERENCES survey_assignment (clinic_id, id, client_id, instrument_version_id, time_point) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE survey_response DROP CONSTRAINT survey_response_assignment_fk,
      DROP CONSTRAINT survey_response_client_fk, DROP CONSTRAINT survey_response_instrument_version_id_fkey`);
    await q.query(`ALTER TABLE scale_score DROP CONSTRAINT scale_score_client_fk`);

    await q.query(`DROP INDEX survey_assignment_due_idx`);
    await q.query(`CREATE INDEX survey_assignment_due_idx ON survey_assignment (clinic_id, due_at) WHERE cancelled_at IS NULL`);
    await q.query(`ALTER TABLE survey_assignment SET (fillfactor = 85)`);

    // As in 1764000000006, one statement: all or nothing, under row-level security for the clinic
    // submission_open set. The sub-statements share one snapshot; the foreign-key checks run at
    // the statement's end and see its own rows.
    await q.query(`
      CREATE OR REPLACE FUNCTION submission_record(p_response jsonb, p_scores jsonb, p_audit jsonb) RETURNS void
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp
      AS $fn$
      DECLARE
        r survey_response%ROWTYPE;
        v_completed integer;
      BEGIN
        r := jsonb_populate_record(NULL::survey_response, p_response);
        WITH response AS (
          INSERT INTO survey_response SELECT r.*
        ), scores AS (
          INSERT INTO scale_score (clinic_id, response_id, scale_key, client_id, instrument_key, time_point, score, answered_items, missing_items)
          SELECT r.clinic_id, r.id, s.scale_key, r.client_id, s.instrument_key, r.time_point, s.score, s.answered_items, s.missing_items
            FROM jsonb_populate_recordset(NULL::scale_score, p_scores) s
        ), audit AS (
          INSERT INTO audit_event (occurred_at, actor_id, actor_role, clinic_id, action, target_type, target_id, outcome, details)
          SELECT e.occurred_at, e.actor_id, e.actor_role, e.clinic_id, e.action, e.target_type, e.target_id, e.outcome, e.details
            FROM jsonb_populate_record(NULL::audit_event, p_audit) e
        ), completion AS (
          -- One response per link: completion is what makes a second submission a CONFLICT.
          UPDATE survey_assignment s SET completed_at = r.submitted_at, draft_answers = NULL, draft_saved_at = NULL
           WHERE s.clinic_id = r.clinic_id AND s.id = r.assignment_id
          RETURNING 1
        )
        SELECT count(*) INTO v_completed FROM completion;
        IF v_completed <> 1 THEN RAISE EXCEPTION 'submission_record: assignment % not found', r.assignment_id; END IF;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION submission_record(p_response jsonb, p_scores jsonb, p_audit jsonb) RETURNS void
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp
      AS $fn$
      DECLARE
        r survey_response%ROWTYPE;
      BEGIN
        r := jsonb_populate_record(NULL::survey_response, p_response);
        INSERT INTO survey_response SELECT r.*;
        INSERT INTO scale_score SELECT * FROM jsonb_populate_recordset(NULL::scale_score, p_scores);
        UPDATE survey_assignment s SET completed_at = r.submitted_at, draft_answers = NULL, draft_saved_at = NULL
         WHERE s.clinic_id = r.clinic_id AND s.id = r.assignment_id;
        IF NOT FOUND THEN RAISE EXCEPTION 'submission_record: assignment % not found', r.assignment_id; END IF;
        INSERT INTO audit_event (occurred_at, actor_id, actor_role, clinic_id, action, target_type, target_id, outcome, details)
          SELECT e.occurred_at, e.actor_id, e.actor_role, e.clinic_id, e.action, e.target_type, e.target_id, e.outcome, e.details
            FROM jsonb_populate_record(NULL::audit_event, p_audit) e;
      END
      $fn$`);
    await q.query(`ALTER TABLE survey_assignment RESET (fillfactor)`);
    await q.query(`DROP INDEX survey_assignment_due_idx`);
    await q.query(`CREATE INDEX survey_assignment_due_idx ON survey_assignment (clinic_id, due_at) WHERE completed_at IS NULL AND cancelled_at IS NULL`);
    await q.query(`ALTER TABLE scale_score ADD CONSTRAINT scale_score_client_fk FOREIGN KEY (clinic_id, client_id) REFERENCES client (clinic_id, id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE survey_response
      ADD CONSTRAINT survey_response_assignment_fk FOREIGN KEY (clinic_id, assignment_id) REFERENCES survey_assignment (clinic_id, id) ON DELETE CASCADE,
      ADD CONSTRAINT survey_response_client_fk FOREIGN KEY (clinic_id, client_id) REFERENCES client (clinic_id, id) ON DELETE CASCADE,
      ADD CONSTRAINT survey_response_instrument_version_id_fkey FOREIGN KEY (instrument_version_id) REFERENCES instrument_version (id)`);
    await q.query(`ALTER TABLE survey_response DROP CONSTRAINT survey_response_of_assignment_fk`);
    await q.query(`ALTER TABLE survey_assignment DROP CONSTRAINT survey_assignment_response_key`);
    await q.query(`
      CREATE OR REPLACE FUNCTION survey_link_clinic(p_token_hash bytea) RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT clinic_id FROM survey_assignment WHERE token_hash = p_token_hash LIMIT 1 $$`);
  }
}
