import type { MigrationInterface, QueryRunner } from 'typeorm';

// Outcome reports. Researchers never query the clinic tables: the API reads one allow-listed
// SECURITY DEFINER function that returns, per client and follow-up, the two scores and the
// generalised quasi-identifiers of consented clients only, and computes aggregates from it. Clinic
// staff get the same rows for their own clinic (CARE consent) and, for the funnel plot's peers, the
// research rows of other clinics (aggregated in the API, never returned as rows).
//
// The privacy ledger records every ε a researcher spends; the API locks the researcher's period
// row before checking and spending so that concurrent reports cannot overspend.
export class OutcomeReports1764000000004 implements MigrationInterface {
  name = 'OutcomeReports1764000000004';

  async up(q: QueryRunner): Promise<void> {
    // The scale's items as one ARRAY[...] of jsonb lookups, spliced into the query text by format()
    // (a per-row unnest subquery cost about 1 s per 250,000 responses); null unless all answered.
    const ITEMS = `CASE WHEN array_position(%1$s, NULL) IS NULL THEN %1$s END`;
    // Set-based throughout (hash joins, no per-client subqueries): a report over the registry is
    // one pass over the scale's scores. Items come back as the raw option codes of the scale's items
    // in the order given (null unless all were answered) for Cronbach's α; subjects are opaque.
    await q.query(`
      CREATE FUNCTION outcome_rows(p_instrument_key text, p_scale_key text, p_item_codes text[], p_time_points text[],
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
      -- Every join here is set against set: the planner cannot see through the aggregated CTEs and
      -- would otherwise pick nested loops (minutes, not seconds) or merge joins with large sorts.
      -- EXECUTE plans the query for the actual arguments each time (a SQL function's generic plan
      -- was 3 × slower on the benchmark registry).
      SET search_path = public, pg_temp SET enable_nestloop = off SET enable_mergejoin = off SET jit = off SET work_mem = '64MB'
      AS $fn$
      DECLARE
        items text := coalesce('ARRAY[' || (SELECT string_agg(format('(r.answers ->> %L)::smallint', u.code), ', ' ORDER BY u.o)
                                            FROM unnest(p_item_codes) WITH ORDINALITY AS u(code, o)) || ']::smallint[]', 'NULL::smallint[]');
      BEGIN
        RETURN QUERY EXECUTE format($q$
        -- CARE reads one clinic: every part is narrowed to it, so a dashboard reads its clinic only.
        WITH people AS (
          SELECT c.clinic_id, c.id, c.birth_year, c.enrolled_at, c.sex, c.hair_loss_type, c.fitzpatrick_type, cl.country::text AS country
          FROM client c JOIN clinic cl ON cl.id = c.clinic_id
          WHERE c.enrolled_at < $5
            -- RESEARCH: researchers and clinic staff (peer funnel); CARE: clinic staff, own clinic only.
            AND (($6 = 'RESEARCH' AND app_role() IN ('RESEARCHER', 'CLINIC_STAFF'))
              OR ($6 = 'CARE' AND app_role() = 'CLINIC_STAFF' AND c.clinic_id = app_clinic_id()))
            AND EXISTS (SELECT 1 FROM consent k WHERE k.clinic_id = c.clinic_id AND k.client_id = c.id
                        AND k.scope = $6 AND k.withdrawn_at IS NULL AND k.granted_at < $5)
        ),
        baseline_scores AS (
          SELECT DISTINCT ON (s.clinic_id, s.client_id) s.clinic_id, s.client_id, s.score,
                 ${ITEMS} AS items
          FROM scale_score s
          JOIN survey_response r ON r.clinic_id = s.clinic_id AND r.id = s.response_id
          WHERE s.instrument_key = $1 AND s.scale_key = $2 AND s.time_point = 'BASELINE'
            AND s.score IS NOT NULL AND r.submitted_at < $5 AND ($6 <> 'CARE' OR s.clinic_id = app_clinic_id())
          ORDER BY s.clinic_id, s.client_id, r.submitted_at
        ),
        follow_up_scores AS (
          SELECT DISTINCT ON (s.clinic_id, s.client_id, s.time_point) s.clinic_id, s.client_id, s.time_point, s.score,
                 ${ITEMS} AS items
          FROM scale_score s
          JOIN survey_response r ON r.clinic_id = s.clinic_id AND r.id = s.response_id
          WHERE s.instrument_key = $1 AND s.scale_key = $2 AND s.time_point = ANY ($4)
            AND s.score IS NOT NULL AND r.submitted_at < $5 AND ($6 <> 'CARE' OR s.clinic_id = app_clinic_id())
          ORDER BY s.clinic_id, s.client_id, s.time_point, r.submitted_at
        ),
        follow_ups AS (
          SELECT a.clinic_id, a.client_id, a.time_point,
                 bool_or(a.completed_at < $5 OR ((a.cancelled_at IS NULL OR a.cancelled_at >= $5) AND a.closes_at < $5)) AS eligible
          FROM survey_assignment a
          WHERE a.instrument_version_id = ANY ($7) AND a.time_point = ANY ($4) AND a.created_at < $5
            AND ($6 <> 'CARE' OR a.clinic_id = app_clinic_id())
          GROUP BY a.clinic_id, a.client_id, a.time_point
        ),
        -- Only sessions recorded before the cutoff, so a frozen snapshot stays frozen.
        finals AS (
          SELECT ts.clinic_id, ts.course_id, max(ts.session_date) AS final_session_date, min(sa.pseudonym) AS practitioner
          FROM treatment_session ts LEFT JOIN staff_account sa ON sa.id = ts.practitioner_id
          WHERE ts.is_final AND ts.created_at < $5 AND ($6 <> 'CARE' OR ts.clinic_id = app_clinic_id())
          GROUP BY ts.clinic_id, ts.course_id
        ),
        areas AS (
          SELECT ts.clinic_id, ts.course_id, array_agg(DISTINCT area ORDER BY area) AS areas
          FROM treatment_session ts, unnest(ts.areas) AS area
          WHERE ts.created_at < $5 AND ($6 <> 'CARE' OR ts.clinic_id = app_clinic_id())
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
        LEFT JOIN treatment_course tc ON tc.clinic_id = f.clinic_id AND tc.client_id = f.client_id
        LEFT JOIN finals fi ON fi.clinic_id = tc.clinic_id AND fi.course_id = tc.id
        LEFT JOIN areas ar ON ar.clinic_id = tc.clinic_id AND ar.course_id = tc.id
        $q$, items) USING p_instrument_key, p_scale_key, p_item_codes, p_time_points, p_cutoff, p_scope,
                  -- The versions as a constant array: the planner then estimates the assignments from
                  -- the column's statistics (a join to instrument_version underestimated them 40-fold).
                  ARRAY(SELECT v.id FROM instrument_version v WHERE v.key = p_instrument_key);
      END
      $fn$`);
    const signature = 'outcome_rows(text, text, text[], text[], timestamptz, text)';
    await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO smp_app`);

    // Not clinic data: one row per researcher and budget period, plus one per spend.
    await q.query(`
      CREATE TABLE privacy_budget (
        researcher_id uuid NOT NULL REFERENCES staff_account (id),
        period text NOT NULL CHECK (period ~ '^\\d{4}-\\d{2}$'),
        allowance_milli integer NOT NULL CHECK (allowance_milli >= 0),
        spent_milli integer NOT NULL DEFAULT 0 CHECK (spent_milli >= 0 AND spent_milli <= allowance_milli),
        CONSTRAINT privacy_budget_pk PRIMARY KEY (researcher_id, period)
      )`);
    await q.query(`
      CREATE TABLE privacy_spend (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        researcher_id uuid NOT NULL,
        period text NOT NULL,
        epsilon_milli integer NOT NULL CHECK (epsilon_milli > 0),
        query_hash text NOT NULL,
        spent_at timestamptz NOT NULL,
        CONSTRAINT privacy_spend_budget_fk FOREIGN KEY (researcher_id, period) REFERENCES privacy_budget (researcher_id, period)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON privacy_budget TO smp_app`);
    // The ledger is append-only for the API, like the audit log.
    await q.query(`GRANT SELECT, INSERT ON privacy_spend TO smp_app`);
    await q.query(`GRANT USAGE ON SEQUENCE privacy_spend_id_seq TO smp_app`);

    // Exact reports read a frozen snapshot, so they are computed once and kept. Only a consent
    // withdrawal or an erasure changes a snapshot: both bump this version, which is part of the
    // cache key, so every report computed afterwards leaves the client out.
    await q.query(`CREATE TABLE research_data_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), version bigint NOT NULL)`);
    await q.query(`INSERT INTO research_data_version (id, version) VALUES (true, 0)`);
    await q.query(`CREATE FUNCTION bump_research_data_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN UPDATE research_data_version SET version = version + 1; RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER consent_withdrawal_bumps_version AFTER UPDATE OF withdrawn_at ON consent
      FOR EACH STATEMENT EXECUTE FUNCTION bump_research_data_version()`);
    await q.query(`CREATE TRIGGER client_erasure_bumps_version AFTER DELETE ON client
      FOR EACH STATEMENT EXECUTE FUNCTION bump_research_data_version()`);
    await q.query(`GRANT SELECT, UPDATE ON research_data_version TO smp_app`);
    await q.query(`
      CREATE TABLE report_cache (
        cache_key text PRIMARY KEY CHECK (length(cache_key) = 64),
        snapshot_cutoff timestamptz NOT NULL,
        research_version bigint NOT NULL,
        result jsonb NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON report_cache TO smp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS report_cache`);
    await q.query(`DROP TRIGGER IF EXISTS consent_withdrawal_bumps_version ON consent`);
    await q.query(`DROP TRIGGER IF EXISTS client_erasure_bumps_version ON client`);
    await q.query(`DROP FUNCTION IF EXISTS bump_research_data_version()`);
    await q.query(`DROP TABLE IF EXISTS research_data_version`);
    await q.query(`DROP TABLE IF EXISTS privacy_spend`);
    await q.query(`DROP TABLE IF EXISTS privacy_budget`);
    await q.query(`DROP FUNCTION IF EXISTS outcome_rows(text, text, text[], text[], timestamptz, text)`);
  }
}
