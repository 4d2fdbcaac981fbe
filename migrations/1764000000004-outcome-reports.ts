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
        eligible boolean, birth_year smallint, enrolled_at timestamptz, sex text, hair_loss_type text,
        fitzpatrick_type smallint, country text, areas text[], insurance_coverage text,
        final_session_date date, practitioner text
      )
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $fn$
        WITH people AS (
          SELECT c.clinic_id, c.id, c.birth_year, c.enrolled_at, c.sex, c.hair_loss_type, c.fitzpatrick_type, cl.country
          FROM client c JOIN clinic cl ON cl.id = c.clinic_id
          WHERE c.enrolled_at < p_cutoff
            -- RESEARCH: researchers and clinic staff (peer funnel); CARE: clinic staff, own clinic only.
            AND ((p_scope = 'RESEARCH' AND app_role() IN ('RESEARCHER', 'CLINIC_STAFF'))
              OR (p_scope = 'CARE' AND app_role() = 'CLINIC_STAFF' AND c.clinic_id = app_clinic_id()))
            AND EXISTS (SELECT 1 FROM consent k WHERE k.clinic_id = c.clinic_id AND k.client_id = c.id
                        AND k.scope = p_scope AND k.withdrawn_at IS NULL AND k.granted_at < p_cutoff)
        ),
        scores AS (
          SELECT DISTINCT ON (s.clinic_id, s.client_id, s.time_point)
                 s.clinic_id, s.client_id, s.time_point, s.score,
                 (SELECT CASE WHEN count(v) = cardinality(p_item_codes) THEN array_agg(v ORDER BY o) END
                    FROM unnest(p_item_codes) WITH ORDINALITY AS u(code, o), LATERAL (SELECT (r.answers ->> u.code)::smallint AS v) x) AS items
          FROM scale_score s
          JOIN survey_response r ON r.clinic_id = s.clinic_id AND r.id = s.response_id
          WHERE s.instrument_key = p_instrument_key AND s.scale_key = p_scale_key
            AND (s.time_point = 'BASELINE' OR s.time_point = ANY (p_time_points))
            AND s.score IS NOT NULL AND r.submitted_at < p_cutoff
          ORDER BY s.clinic_id, s.client_id, s.time_point, r.submitted_at
        ),
        follow_ups AS (
          SELECT a.clinic_id, a.client_id, a.time_point,
                 bool_or(a.completed_at < p_cutoff OR ((a.cancelled_at IS NULL OR a.cancelled_at >= p_cutoff) AND a.closes_at < p_cutoff)) AS eligible
          FROM survey_assignment a
          JOIN instrument_version iv ON iv.id = a.instrument_version_id
          WHERE iv.key = p_instrument_key AND a.time_point = ANY (p_time_points) AND a.created_at < p_cutoff
          GROUP BY a.clinic_id, a.client_id, a.time_point
        ),
        -- Only sessions recorded before the cutoff, so a frozen snapshot stays frozen.
        finals AS (
          SELECT ts.clinic_id, ts.course_id, max(ts.session_date) AS final_session_date, min(sa.pseudonym) AS practitioner
          FROM treatment_session ts LEFT JOIN staff_account sa ON sa.id = ts.practitioner_id
          WHERE ts.is_final AND ts.created_at < p_cutoff
          GROUP BY ts.clinic_id, ts.course_id
        ),
        areas AS (
          SELECT ts.clinic_id, ts.course_id, array_agg(DISTINCT area ORDER BY area) AS areas
          FROM treatment_session ts, unnest(ts.areas) AS area
          WHERE ts.created_at < p_cutoff
          GROUP BY ts.clinic_id, ts.course_id
        )
        SELECT p.clinic_id, left(md5(p.clinic_id::text || p.id::text), 16), f.time_point,
               b.score, s.score, b.items, s.items,
               f.eligible, p.birth_year, p.enrolled_at, p.sex, p.hair_loss_type, p.fitzpatrick_type, p.country,
               coalesce(ar.areas, '{}'), coalesce(tc.insurance_coverage, 'UNKNOWN'), fi.final_session_date,
               CASE WHEN p_scope = 'CARE' THEN fi.practitioner END
        FROM follow_ups f
        JOIN people p ON p.clinic_id = f.clinic_id AND p.id = f.client_id
        LEFT JOIN scores b ON b.clinic_id = f.clinic_id AND b.client_id = f.client_id AND b.time_point = 'BASELINE'
        LEFT JOIN scores s ON s.clinic_id = f.clinic_id AND s.client_id = f.client_id AND s.time_point = f.time_point
        LEFT JOIN treatment_course tc ON tc.clinic_id = f.clinic_id AND tc.client_id = f.client_id
        LEFT JOIN finals fi ON fi.clinic_id = tc.clinic_id AND fi.course_id = tc.id
        LEFT JOIN areas ar ON ar.clinic_id = tc.clinic_id AND ar.course_id = tc.id
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
