import type { MigrationInterface, QueryRunner } from 'typeorm';

// Isolation enforced by PostgreSQL, not only by resolvers. The API runs every statement as the role
// smp_app (set with set_config('role', …, true) inside each request's transaction): not a
// superuser, no BYPASSRLS, owner of nothing. Rows of clinic-scoped tables are visible and writable
// only for the clinic in app.clinic_id, which the API sets per transaction the same way, so a
// pooled connection never carries it to the next request.
const TENANT_TABLES = [
  'client',
  'consent',
  'treatment_course',
  'treatment_session',
  'adverse_event',
  'survey_assignment',
  'survey_response',
  'scale_score',
];

export class RowLevelSecurity1764000000002 implements MigrationInterface {
  name = 'RowLevelSecurity1764000000002';

  async up(q: QueryRunner): Promise<void> {
    // Roles are cluster-wide: several databases of one server (tests, staging) share it.
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'smp_app') THEN
        CREATE ROLE smp_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
      END IF;
    END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO smp_app`);

    await q.query(`CREATE FUNCTION app_clinic_id() RETURNS uuid LANGUAGE sql STABLE
      AS $$ SELECT nullif(current_setting('app.clinic_id', true), '')::uuid $$`);
    await q.query(`CREATE FUNCTION app_role() RETURNS text LANGUAGE sql STABLE
      AS $$ SELECT coalesce(current_setting('app.role', true), '') $$`);

    for (const t of TENANT_TABLES) {
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO smp_app`);
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${t}_tenant ON ${t} USING (clinic_id = app_clinic_id()) WITH CHECK (clinic_id = app_clinic_id())`);
    }

    // Clinics: administrators manage all of them; everyone else sees only the clinic they act for.
    await q.query(`GRANT SELECT, INSERT, UPDATE ON clinic TO smp_app`);
    await q.query(`ALTER TABLE clinic ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE clinic FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY clinic_read ON clinic FOR SELECT USING (app_role() = 'ADMIN' OR id = app_clinic_id())`);
    await q.query(`CREATE POLICY clinic_insert ON clinic FOR INSERT WITH CHECK (app_role() = 'ADMIN')`);
    await q.query(`CREATE POLICY clinic_update ON clinic FOR UPDATE USING (app_role() = 'ADMIN') WITH CHECK (app_role() = 'ADMIN')`);

    // Accounts are not clinic data (administrators and researchers have no clinic); the API scopes them.
    await q.query(`GRANT SELECT, INSERT, UPDATE ON staff_account TO smp_app`);
    // Published reference data is read-only for the API.
    await q.query(`GRANT SELECT ON instrument_version, protocol, protocol_entry TO smp_app`);
    // The audit log is append-only for the API: no UPDATE, DELETE or TRUNCATE.
    await q.query(`GRANT SELECT, INSERT ON audit_event TO smp_app`);
    await q.query(`GRANT USAGE ON SEQUENCE audit_event_id_seq TO smp_app`);

    // A survey link carries no clinic: this definer function (on the reviewed allow-list in the
    // catalog test) answers only "which clinic holds this token hash", nothing else.
    await q.query(`CREATE FUNCTION survey_link_clinic(p_token_hash bytea) RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT clinic_id FROM survey_assignment WHERE token_hash = p_token_hash LIMIT 1 $$`);
    await q.query(`REVOKE ALL ON FUNCTION survey_link_clinic(bytea) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION survey_link_clinic(bytea) TO smp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS survey_link_clinic(bytea)`);
    for (const t of [...TENANT_TABLES, 'clinic']) {
      await q.query(`DROP POLICY IF EXISTS ${t}_tenant ON ${t}`);
      await q.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP POLICY IF EXISTS clinic_read ON clinic`);
    await q.query(`DROP POLICY IF EXISTS clinic_insert ON clinic`);
    await q.query(`DROP POLICY IF EXISTS clinic_update ON clinic`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM smp_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM smp_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM smp_app`);
    await q.query(`DROP FUNCTION IF EXISTS app_clinic_id()`);
    await q.query(`DROP FUNCTION IF EXISTS app_role()`);
  }
}
