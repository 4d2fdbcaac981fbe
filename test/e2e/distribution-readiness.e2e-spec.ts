import { startTestApp, type TestApp } from '../../libs/testing/src/index.js';

// Ready for distribution by clinic (Citus): every clinic-scoped table has clinic_id in its primary
// key and in every unique constraint, and every foreign key between clinic-scoped tables carries
// clinic_id. Read from the live catalog, so a migration that breaks the rule fails here.
describe('schema is ready to be distributed by clinic', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  type Constraint = { table: string; name: string; type: 'p' | 'u' | 'f'; columns: string[]; ref_table: string | null; ref_columns: string[] | null };
  let scoped: Set<string>;
  let constraints: Constraint[];

  beforeAll(async () => {
    const tables: { table_name: string }[] = await t.dataSource.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'clinic_id'
         AND table_name NOT IN ('audit_event', 'staff_account')`,
    );
    // audit_event (append-only trail, admin actions have no clinic) and staff_account (admins and
    // researchers have no clinic) stay local/reference tables; clinic itself is keyed by id.
    scoped = new Set(tables.map((r) => r.table_name));
    constraints = await t.dataSource.query(`
      SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.contype AS type,
             array(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k) AS columns,
             CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS ref_table,
             CASE WHEN c.contype = 'f' THEN array(SELECT a.attname::text FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k) END AS ref_columns
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname = current_schema() AND c.contype IN ('p', 'u', 'f')`);
  });

  it('finds the clinic-scoped tables', () => {
    expect([...scoped].sort()).toEqual(['adverse_event', 'client', 'consent', 'scale_score', 'survey_assignment', 'survey_response', 'treatment_course', 'treatment_session']);
  });

  it('has clinic_id in every primary key and unique constraint of a clinic-scoped table', () => {
    const bad = constraints.filter((c) => scoped.has(c.table) && c.type !== 'f' && !c.columns.includes('clinic_id'));
    expect(bad).toEqual([]);
  });

  it('has no unique index on a clinic-scoped table without clinic_id', async () => {
    const rows: { tablename: string; indexname: string; indexdef: string }[] = await t.dataSource.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexdef LIKE 'CREATE UNIQUE%'`,
    );
    expect(rows.filter((r) => scoped.has(r.tablename) && !/\bclinic_id\b/.test(r.indexdef))).toEqual([]);
  });

  it('carries clinic_id in every foreign key between clinic-scoped tables (and to clinic)', () => {
    const between = constraints.filter((c) => c.type === 'f' && scoped.has(c.table) && (scoped.has(c.ref_table!) || c.ref_table === 'clinic'));
    expect(between.length).toBeGreaterThan(5);
    const bad = between.filter((c) => {
      const i = c.columns.indexOf('clinic_id');
      return i < 0 || c.ref_columns![i] !== (c.ref_table === 'clinic' ? 'id' : 'clinic_id');
    });
    expect(bad).toEqual([]);
  });
});
