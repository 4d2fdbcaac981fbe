import type { MigrationInterface, QueryRunner } from 'typeorm';

// The collection schema. Every clinic-scoped table has clinic_id first in its primary key, in its
// unique constraints and in every foreign key to another clinic-scoped table, so it can be
// distributed by clinic (Citus). Instruments and protocols are reference data shared by all.
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clinic (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX clinic_name_uq ON clinic (lower(name))`);

    await q.query(`
      CREATE TABLE staff_account (
        id uuid PRIMARY KEY,
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN', 'CLINIC_STAFF', 'RESEARCHER')),
        clinic_id uuid REFERENCES clinic (id),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        pseudonym text NOT NULL UNIQUE,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT staff_account_clinic_iff_staff CHECK ((role = 'CLINIC_STAFF') = (clinic_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX staff_account_email_uq ON staff_account (lower(email))`);

    await q.query(`
      CREATE TABLE client (
        clinic_id uuid NOT NULL REFERENCES clinic (id),
        id uuid NOT NULL,
        study_code text NOT NULL CHECK (study_code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'),
        contact_ciphertext text,
        contact_key_id text,
        language text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}$'),
        birth_year smallint NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
        sex text NOT NULL CHECK (sex IN ('FEMALE', 'MALE', 'INTERSEX', 'UNDISCLOSED')),
        hair_loss_type text NOT NULL CHECK (hair_loss_type IN ('ANDROGENETIC_ALOPECIA', 'ALOPECIA_AREATA',
          'DIFFUSE_THINNING', 'SCARRING_ALOPECIA', 'TRANSPLANT_SCAR', 'OTHER')),
        norwood_grade smallint CHECK (norwood_grade BETWEEN 1 AND 7),
        ludwig_grade smallint CHECK (ludwig_grade BETWEEN 1 AND 3),
        fitzpatrick_type smallint NOT NULL CHECK (fitzpatrick_type BETWEEN 1 AND 6),
        prior_treatments text[] NOT NULL DEFAULT '{}' CHECK (prior_treatments <@ ARRAY['TRANSPLANT', 'MINOXIDIL',
          'FINASTERIDE', 'PRP', 'NONE']::text[]),
        enrolled_at timestamptz NOT NULL,
        enrolled_by uuid REFERENCES staff_account (id),
        CONSTRAINT client_pk PRIMARY KEY (clinic_id, id),
        CONSTRAINT client_study_code_uq UNIQUE (clinic_id, study_code),
        CONSTRAINT client_contact_key CHECK ((contact_ciphertext IS NULL) = (contact_key_id IS NULL)),
        CONSTRAINT client_one_grade CHECK (norwood_grade IS NULL OR ludwig_grade IS NULL)
      )`);

    await q.query(`
      CREATE TABLE consent (
        clinic_id uuid NOT NULL,
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        scope text NOT NULL CHECK (scope IN ('CARE', 'RESEARCH')),
        version text NOT NULL CHECK (length(version) BETWEEN 1 AND 40),
        granted_at timestamptz NOT NULL,
        withdrawn_at timestamptz,
        recorded_by uuid REFERENCES staff_account (id),
        CONSTRAINT consent_pk PRIMARY KEY (clinic_id, id),
        CONSTRAINT consent_client_fk FOREIGN KEY (clinic_id, client_id) REFERENCES client (clinic_id, id) ON DELETE CASCADE,
        CONSTRAINT consent_withdrawn_after_granted CHECK (withdrawn_at IS NULL OR withdrawn_at >= granted_at)
      )`);
    // One current (not withdrawn) consent per scope; history rows stay for the audit trail.
    await q.query(`CREATE UNIQUE INDEX consent_current_uq ON consent (clinic_id, client_id, scope) WHERE withdrawn_at IS NULL`);

    await q.query(`
      CREATE TABLE treatment_course (
        clinic_id uuid NOT NULL,
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        price_band text NOT NULL DEFAULT 'UNDISCLOSED' CHECK (price_band IN ('UNDER_1000', 'FROM_1000_TO_1999',
          'FROM_2000_TO_2999', 'FROM_3000_TO_4999', 'FROM_5000', 'UNDISCLOSED')),
        insurance_coverage text NOT NULL DEFAULT 'UNKNOWN' CHECK (insurance_coverage IN ('NONE', 'PARTIAL', 'FULL', 'UNKNOWN')),
        pigment_shade text CHECK (length(pigment_shade) BETWEEN 1 AND 80),
        first_session_date date,
        final_session_date date,
        created_at timestamptz NOT NULL,
        CONSTRAINT treatment_course_pk PRIMARY KEY (clinic_id, id),
        CONSTRAINT treatment_course_client_uq UNIQUE (clinic_id, client_id),
        CONSTRAINT treatment_course_client_fk FOREIGN KEY (clinic_id, client_id) REFERENCES client (clinic_id, id) ON DELETE CASCADE,
        CONSTRAINT treatment_course_final_after_first CHECK (final_session_date IS NULL OR final_session_date >= first_session_date)
      )`);

    await q.query(`
      CREATE TABLE treatment_session (
        clinic_id uuid NOT NULL,
        id uuid NOT NULL,
        course_id uuid NOT NULL,
        session_date date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('TREATMENT', 'TOUCH_UP')),
        is_final boolean NOT NULL DEFAULT false,
        areas text[] NOT NULL CHECK (cardinality(areas) > 0 AND areas <@ ARRAY['HAIRLINE', 'CROWN', 'FULL_SCALP',
          'SCAR', 'DENSITY']::text[]),
        practitioner_id uuid REFERENCES staff_account (id),
        pigment_shade text CHECK (length(pigment_shade) BETWEEN 1 AND 80),
        created_at timestamptz NOT NULL,
        CONSTRAINT treatment_session_pk PRIMARY KEY (clinic_id, id),
        CONSTRAINT treatment_session_course_fk FOREIGN KEY (clinic_id, course_id) REFERENCES treatment_course (clinic_id, id) ON DELETE CASCADE,
        CONSTRAINT treatment_session_final_is_treatment CHECK (NOT is_final OR kind = 'TREATMENT')
      )`);
    await q.query(`CREATE INDEX treatment_session_course_idx ON treatment_session (clinic_id, course_id, session_date)`);

    await q.query(`
      CREATE TABLE adverse_event (
        clinic_id uuid NOT NULL,
        id uuid NOT NULL,
        course_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('INFECTION', 'ALLERGIC_REACTION', 'PIGMENT_MIGRATION', 'DISCOLORATION',
          'REMOVAL_OR_CORRECTION', 'OTHER')),
        onset_date date NOT NULL,
        severity text NOT NULL CHECK (severity IN ('MILD', 'MODERATE', 'SEVERE')),
        recorded_at timestamptz NOT NULL,
        CONSTRAINT adverse_event_pk PRIMARY KEY (clinic_id, id),
        CONSTRAINT adverse_event_course_fk FOREIGN KEY (clinic_id, course_id) REFERENCES treatment_course (clinic_id, id) ON DELETE CASCADE
      )`);

    // Reference data: a published version is immutable (trigger below), responses point at it.
    await q.query(`
      CREATE TABLE instrument_version (
        id uuid PRIMARY KEY,
        key text NOT NULL CHECK (key ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        version text NOT NULL CHECK (version ~ '^\\d+\\.\\d+\\.\\d+$'),
        definition jsonb NOT NULL,
        published_at timestamptz NOT NULL,
        CONSTRAINT instrument_version_uq UNIQUE (key, version)
      )`);
    await q.query(`
      CREATE FUNCTION forbid_change_of_published() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published % rows are immutable', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`CREATE TRIGGER instrument_version_immutable BEFORE UPDATE OR DELETE ON instrument_version
      FOR EACH ROW EXECUTE FUNCTION forbid_change_of_published()`);

    await q.query(`
      CREATE TABLE protocol (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        published_at timestamptz NOT NULL,
        active boolean NOT NULL DEFAULT false,
        CONSTRAINT protocol_version_uq UNIQUE (name, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX protocol_one_active_uq ON protocol (active) WHERE active`);
    await q.query(`
      CREATE TABLE protocol_entry (
        protocol_id uuid NOT NULL REFERENCES protocol (id),
        time_point text NOT NULL CHECK (time_point IN ('BASELINE', 'MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12')),
        instrument_version_id uuid NOT NULL REFERENCES instrument_version (id),
        position smallint NOT NULL,
        CONSTRAINT protocol_entry_pk PRIMARY KEY (protocol_id, time_point, instrument_version_id)
      )`);
    await q.query(`CREATE TRIGGER protocol_entry_immutable BEFORE UPDATE OR DELETE ON protocol_entry
      FOR EACH ROW EXECUTE FUNCTION forbid_change_of_published()`);

    await q.query(`
      CREATE TABLE survey_assignment (
        clinic_id uuid NOT NULL,
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        protocol_id uuid NOT NULL REFERENCES protocol (id),
        instrument_version_id uuid NOT NULL REFERENCES instrument_version (id),
        time_point text NOT NULL CHECK (time_point IN ('BASELINE', 'MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12')),
        due_at timestamptz,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        token_hash bytea,
        token_issued_at timestamptz,
        draft_answers jsonb,
        draft_saved_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT survey_assignment_pk PRIMARY KEY (clinic_id, id),
        CONSTRAINT survey_assignment_uq UNIQUE (clinic_id, client_id, time_point, instrument_version_id),
        CONSTRAINT survey_assignment_client_fk FOREIGN KEY (clinic_id, client_id) REFERENCES client (clinic_id, id) ON DELETE CASCADE,
        CONSTRAINT survey_assignment_window CHECK (closes_at IS NULL OR closes_at >= opens_at),
        CONSTRAINT survey_assignment_token_hash_len CHECK (token_hash IS NULL OR octet_length(token_hash) = 32)
      )`);
    // Link tokens are looked up by their SHA-256 alone (the client has no clinic context).
    await q.query(`CREATE INDEX survey_assignment_token_idx ON survey_assignment (token_hash) WHERE token_hash IS NOT NULL`);
    await q.query(`CREATE INDEX survey_assignment_due_idx ON survey_assignment (clinic_id, due_at) WHERE completed_at IS NULL AND cancelled_at IS NULL`);

    await q.query(`
      CREATE TABLE survey_response (
        clinic_id uuid NOT NULL,
        id uuid NOT NULL,
        assignment_id uuid NOT NULL,
        client_id uuid NOT NULL,
        instrument_version_id uuid NOT NULL REFERENCES instrument_version (id),
        time_point text NOT NULL,
        answers jsonb NOT NULL,
        source text NOT NULL CHECK (source IN ('WEB', 'STAFF_ENTERED', 'IMPORT')),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 8 AND 128),
        payload_hash text NOT NULL,
        submitted_at timestamptz NOT NULL,
        entered_by uuid REFERENCES staff_account (id),
        CONSTRAINT survey_response_pk PRIMARY KEY (clinic_id, id),
        -- At most one response per assignment: the database, not the API, guarantees it.
        CONSTRAINT survey_response_assignment_uq UNIQUE (clinic_id, assignment_id),
        CONSTRAINT survey_response_assignment_fk FOREIGN KEY (clinic_id, assignment_id) REFERENCES survey_assignment (clinic_id, id) ON DELETE CASCADE,
        CONSTRAINT survey_response_client_fk FOREIGN KEY (clinic_id, client_id) REFERENCES client (clinic_id, id) ON DELETE CASCADE
      )`);

    // Scores as typed rows (not JSONB) so report aggregates run over plain double columns.
    await q.query(`
      CREATE TABLE scale_score (
        clinic_id uuid NOT NULL,
        response_id uuid NOT NULL,
        scale_key text NOT NULL,
        client_id uuid NOT NULL,
        instrument_key text NOT NULL,
        time_point text NOT NULL,
        score double precision,
        answered_items smallint NOT NULL,
        missing_items smallint NOT NULL,
        CONSTRAINT scale_score_pk PRIMARY KEY (clinic_id, response_id, scale_key),
        CONSTRAINT scale_score_response_fk FOREIGN KEY (clinic_id, response_id) REFERENCES survey_response (clinic_id, id) ON DELETE CASCADE,
        CONSTRAINT scale_score_client_fk FOREIGN KEY (clinic_id, client_id) REFERENCES client (clinic_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX scale_score_report_idx ON scale_score (scale_key, time_point, clinic_id, client_id)`);

    // Append-only trail; no foreign keys so it outlives erasure of what it mentions.
    await q.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_role text,
        clinic_id uuid,
        action text NOT NULL,
        target_type text,
        target_id text,
        outcome text NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILED')),
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_event_time_idx ON audit_event (occurred_at)`);
    await q.query(`CREATE INDEX audit_event_clinic_idx ON audit_event (clinic_id, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_event', 'scale_score', 'survey_response', 'survey_assignment', 'protocol_entry', 'protocol',
      'instrument_version', 'adverse_event', 'treatment_session', 'treatment_course', 'consent', 'client',
      'staff_account', 'clinic']) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS forbid_change_of_published()`);
  }
}
