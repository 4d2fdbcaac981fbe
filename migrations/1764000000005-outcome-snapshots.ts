import type { MigrationInterface, QueryRunner } from 'typeorm';

// Kept aggregates of the research snapshot. An exact report reads the frozen monthly snapshot; its
// figures depend on the records only through per-cell counted samples and item sums (libs/reports
// outcome-aggregate.ts), so those are built once per snapshot, data version and scale, and every
// catalogue report of that scale (any grouping, any follow-ups) and every dashboard's peer funnel
// is computed from them: cost follows cells, not clients. No clinic ids or client rows are kept:
// clinics appear by pseudonym, clients only as counts. Finished reports are no longer cached
// (report_cache): computing one from the kept aggregate costs about as much as reading it back.
export class OutcomeSnapshots1764000000005 implements MigrationInterface {
  name = 'OutcomeSnapshots1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outcome_snapshot (
        snapshot_cutoff timestamptz NOT NULL,
        research_version bigint NOT NULL,
        instrument_key text NOT NULL,
        scale_key text NOT NULL,
        -- fingerprint of the clinic-pseudonym key the labels were made with
        label_key text NOT NULL CHECK (length(label_key) = 16),
        aggregate jsonb NOT NULL,
        source_rows integer NOT NULL CHECK (source_rows >= 0),
        built_at timestamptz NOT NULL,
        build_ms integer NOT NULL CHECK (build_ms >= 0),
        CONSTRAINT outcome_snapshot_pk PRIMARY KEY (snapshot_cutoff, research_version, instrument_key, scale_key, label_key)
      )`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON outcome_snapshot TO smp_app`);
    await q.query(`DROP TABLE report_cache`);

    // outcome_rows as in 1764000000004, with one change: a CARE read names its clinic in every part
    // of the query text (spliced, not an OR with the scope parameter), so the planner reads that
    // clinic's rows by index instead of hashing every survey response of the registry — a
    // dashboard's five CARE reads of one clinic went from whole-table scans to index range scans.
    // RESEARCH reads lose the always-true OR terms. Same rows, same signature and grants.
    const ITEMS = `CASE WHEN array_position(%1$s, NULL) IS NULL THEN %1$s END`;
    await q.query(`
      CREATE OR REPLACE FUNCTION outcome_rows(p_instrument_key text, p_scale_key text, p_item_codes text[], p_time_points text[],
                                              p_cutoff timestamptz, p_scope text)
      RETURNS TABLE (
        clinic_id uuid, subject text, time_point text,
        baseline_score double precision, follow_up_score double precision,
        baseline_items smallint[], follow_up_items smallint[],
        eligible boolean, birth_year smallint, enrol_year smallint, sex text, hair_loss_type text,
        fitzpatrick_type smallint, country text, areas text[], insurance_coverage text,
        treatment_month text, practitioner text
      )
      LANGUAGE plpgsql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp SET enable_nestloop = off SET enable_mergejoin = off SET jit = off SET work_mem = '64MB'
      AS $fn$
      DECLARE
        items text := coalesce('ARRAY[' || (SELECT string_agg(format('(r.answers ->> %L)::smallint', u.code), ', ' ORDER BY u.o)
                                            FROM unnest(p_item_codes) WITH ORDINALITY AS u(code, o)) || ']::smallint[]', 'NULL::smallint[]');
        -- CARE: "AND <alias>.clinic_id = app_clinic_id()" for each table alias; RESEARCH: nothing.
        own text := CASE WHEN p_scope = 'CARE' THEN 'AND %1$s.clinic_id = app_clinic_id()' ELSE '' END;
      BEGIN
        IF p_scope NOT IN ('RESEARCH', 'CARE') THEN RAISE EXCEPTION 'outcome_rows: unknown scope %', p_scope; END IF;
        RETURN QUERY EXECUTE format($q$
        WITH people AS (
          SELECT c.clinic_id, c.id, c.birth_year, c.enrolled_at, c.sex, c.hair_loss_type, c.fitzpatrick_type, cl.country::text AS country
          FROM client c JOIN clinic cl ON cl.id = c.clinic_id
          WHERE c.enrolled_at < $5
            -- RESEARCH: researchers and clinic staff (peer funnel); CARE: clinic staff, own clinic only.
            AND (($6 = 'RESEARCH' AND app_role() IN ('RESEARCHER', 'CLINIC_STAFF'))
              OR ($6 = 'CARE' AND app_role() = 'CLINIC_STAFF' AND c.clinic_id = app_clinic_id()))
            %2$s
            AND EXISTS (SELECT 1 FROM consent k WHERE k.clinic_id = c.clinic_id AND k.client_id = c.id
                        AND k.scope = $6 AND k.withdrawn_at IS NULL AND k.granted_at < $5)
        ),
        baseline_scores AS (
          SELECT DISTINCT ON (s.clinic_id, s.client_id) s.clinic_id, s.client_id, s.score,
                 ${ITEMS} AS items
          FROM scale_score s
          JOIN survey_response r ON r.clinic_id = s.clinic_id AND r.id = s.response_id
          WHERE s.instrument_key = $1 AND s.scale_key = $2 AND s.time_point = 'BASELINE'
            AND s.score IS NOT NULL AND r.submitted_at < $5 %3$s %4$s
          ORDER BY s.clinic_id, s.client_id, r.submitted_at
        ),
        follow_up_scores AS (
          SELECT DISTINCT ON (s.clinic_id, s.client_id, s.time_point) s.clinic_id, s.client_id, s.time_point, s.score,
                 ${ITEMS} AS items
          FROM scale_score s
          JOIN survey_response r ON r.clinic_id = s.clinic_id AND r.id = s.response_id
          WHERE s.instrument_key = $1 AND s.scale_key = $2 AND s.time_point = ANY ($4)
            AND s.score IS NOT NULL AND r.submitted_at < $5 %3$s %4$s
          ORDER BY s.clinic_id, s.client_id, s.time_point, r.submitted_at
        ),
        follow_ups AS (
          SELECT a.clinic_id, a.client_id, a.time_point,
                 bool_or(a.completed_at < $5 OR ((a.cancelled_at IS NULL OR a.cancelled_at >= $5) AND a.closes_at < $5)) AS eligible
          FROM survey_assignment a
          WHERE a.instrument_version_id = ANY ($7) AND a.time_point = ANY ($4) AND a.created_at < $5 %5$s
          GROUP BY a.clinic_id, a.client_id, a.time_point
        ),
        -- Only sessions recorded before the cutoff, so a frozen snapshot stays frozen.
        finals AS (
          SELECT ts.clinic_id, ts.course_id, max(ts.session_date) AS final_session_date, min(sa.pseudonym) AS practitioner
          FROM treatment_session ts LEFT JOIN staff_account sa ON sa.id = ts.practitioner_id
          WHERE ts.is_final AND ts.created_at < $5 %6$s
          GROUP BY ts.clinic_id, ts.course_id
        ),
        areas AS (
          SELECT ts.clinic_id, ts.course_id, array_agg(DISTINCT area ORDER BY area) AS areas
          FROM treatment_session ts, unnest(ts.areas) AS area
          WHERE ts.created_at < $5 %6$s
          GROUP BY ts.clinic_id, ts.course_id
        )
        SELECT p.clinic_id, left(md5(p.clinic_id::text || p.id::text), 16), f.time_point,
               b.score, s.score, b.items, s.items,
               f.eligible, p.birth_year, extract(year FROM p.enrolled_at AT TIME ZONE 'UTC')::smallint, p.sex, p.hair_loss_type,
               p.fitzpatrick_type, p.country, coalesce(ar.areas, '{}'), coalesce(tc.insurance_coverage, 'UNKNOWN'),
               to_char(fi.final_session_date, 'YYYY-MM'),
               CASE WHEN $6 = 'CARE' THEN fi.practitioner END
        FROM follow_ups f
        JOIN people p ON p.clinic_id = f.clinic_id AND p.id = f.client_id
        LEFT JOIN baseline_scores b ON b.clinic_id = f.clinic_id AND b.client_id = f.client_id
        LEFT JOIN follow_up_scores s ON s.clinic_id = f.clinic_id AND s.client_id = f.client_id AND s.time_point = f.time_point
        LEFT JOIN treatment_course tc ON tc.clinic_id = f.clinic_id AND tc.client_id = f.client_id %7$s
        LEFT JOIN finals fi ON fi.clinic_id = tc.clinic_id AND fi.course_id = tc.id
        LEFT JOIN areas ar ON ar.clinic_id = tc.clinic_id AND ar.course_id = tc.id
        $q$, items, format(own, 'c'), format(own, 's'), format(own, 'r'), format(own, 'a'), format(own, 'ts'), format(own, 'tc'))
        USING p_instrument_key, p_scale_key, p_item_codes, p_time_points, p_cutoff, p_scope,
              -- The versions as a constant array: the planner then estimates the assignments from
              -- the column's statistics (a join to instrument_version underestimated them 40-fold).
              ARRAY(SELECT v.id FROM instrument_version v WHERE v.key = p_instrument_key);
      END
      $fn$`);
  }

  // outcome_rows keeps its faster definition: it returns the same rows under 1764000000004's schema.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_cache (
        cache_key text PRIMARY KEY CHECK (length(cache_key) = 64),
        snapshot_cutoff timestamptz NOT NULL,
        research_version bigint NOT NULL,
        result jsonb NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON report_cache TO smp_app`);
    await q.query(`DROP TABLE IF EXISTS outcome_snapshot`);
  }
}
