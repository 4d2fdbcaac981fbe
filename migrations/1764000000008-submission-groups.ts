import type { MigrationInterface, QueryRunner } from 'typeorm';

// A group commit of survey-link submissions (ResponsesService.submitLinks) in two statements
// instead of 1 + 2n: each statement of a simple-protocol message is parsed, planned, started and
// answered on its own, and for a group of n that overhead was most of what the database spent
// beyond the writes themselves. Measured on the benchmark's bare anchor, alternating, 32
// connections: 3,136–3,355 against 3,508–3,825 submissions/s, PostgreSQL CPU per submission
// 0.285–0.309 against 0.245–0.271 ms (figures in docs/scaling.md).
//
// Both functions only loop over the functions of 1764000000006/7, so a submission in a group runs
// exactly what it runs alone; they add no rights (SECURITY INVOKER).
export class SubmissionGroups1764000000008 implements MigrationInterface {
  name = 'SubmissionGroups1764000000008';

  async up(q: QueryRunner): Promise<void> {
    // submission_open for each token hash, in the order given (the caller sorts them, so that two
    // groups lock in the same order); ord is the hash's 1-based position. An unknown link has no
    // row. Like submission_open it runs as the API's login role and switches to smp_app itself.
    await q.query(`
      CREATE FUNCTION submission_open_links(p_app_role text, p_token_hashes bytea[])
      RETURNS TABLE (
        ord integer, clinic_id uuid, id uuid, client_id uuid, instrument_version_id uuid, time_point text,
        opens_at timestamptz, closes_at timestamptz, completed_at timestamptz, cancelled_at timestamptz,
        response_id uuid, response_time_point text, response_source text, response_answers jsonb,
        response_idempotency_key text, response_payload_hash text, response_submitted_at timestamptz, response_scores jsonb
      )
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
  }
}
