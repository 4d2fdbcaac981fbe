import type { MigrationInterface, QueryRunner } from 'typeorm';

// Refresh tokens that rotate (a replayed one revokes its whole family), password-change time to
// retire older access tokens, and indexes for counting recent failed logins per account/address.
export class SessionsAndLoginThrottle1764000000003 implements MigrationInterface {
  name = 'SessionsAndLoginThrottle1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES staff_account (id),
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);
    await q.query(`CREATE INDEX refresh_token_account_idx ON refresh_token (account_id) WHERE revoked_at IS NULL`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON refresh_token TO smp_app`);
    await q.query(`ALTER TABLE staff_account ADD COLUMN password_changed_at timestamptz`);
    await q.query(`CREATE INDEX audit_event_failed_login_subject_idx ON audit_event ((details->>'subject'), occurred_at) WHERE action = 'LOGIN' AND outcome = 'DENIED'`);
    await q.query(`CREATE INDEX audit_event_failed_login_ip_idx ON audit_event ((details->>'ip'), occurred_at) WHERE action = 'LOGIN' AND outcome = 'DENIED'`);
    await q.query(`CREATE INDEX audit_event_action_time_idx ON audit_event (action, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_event_action_time_idx`);
    await q.query(`DROP INDEX IF EXISTS audit_event_failed_login_ip_idx`);
    await q.query(`DROP INDEX IF EXISTS audit_event_failed_login_subject_idx`);
    await q.query(`ALTER TABLE staff_account DROP COLUMN password_changed_at`);
    await q.query(`DROP TABLE refresh_token`);
  }
}
