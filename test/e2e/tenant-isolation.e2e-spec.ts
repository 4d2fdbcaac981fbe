import { randomUUID } from 'node:crypto';
import { ClientsService } from '../../apps/api/src/clients/clients.service.js';
import { APP_DB_ROLE, Db, TENANT_TABLES } from '../../apps/api/src/database/db.service.js';
import { enrolClient, mapWithConcurrency, newClinicWithStaff, startTestApp, type TestApp } from '../../libs/testing/src/index.js';

// Row-level security as a second wall: with the resolvers' checks skipped, PostgreSQL itself keeps
// each transaction to its clinic's rows.
describe('tenant isolation enforced by PostgreSQL', () => {
  let t: TestApp;
  let db: Db;
  let a: { clinicId: string; staffToken: string; staffId: string };
  let b: { clinicId: string; staffToken: string; staffId: string };
  let clientOfA: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '3' } });
    db = t.app.get(Db);
    const admin = await t.newAdmin();
    a = await newClinicWithStaff(t, admin.token);
    b = await newClinicWithStaff(t, admin.token);
    clientOfA = (await enrolClient(t, a.staffToken)).id;
    await enrolClient(t, b.staffToken);
  });
  afterAll(() => t.close());

  const asClinic = <T>(clinicId: string | null, work: Parameters<Db['tx']>[1]) =>
    db.tx({ clinicId, role: 'CLINIC_STAFF' }, work) as Promise<T>;

  it('runs every transaction as a role that is neither superuser nor BYPASSRLS', async () => {
    const [who] = await asClinic<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }[]>(a.clinicId, (m) =>
      m.query(`SELECT current_user, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`),
    );
    expect(who).toEqual({ current_user: APP_DB_ROLE, rolsuper: false, rolbypassrls: false });
  });

  it('every tenant table has row-level security enabled and forced (catalog)', async () => {
    const rows: { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[] = await t.dataSource.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r'
          AND (c.relname = 'clinic' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped))
          AND c.relname <> 'audit_event' AND c.relname <> 'staff_account'`,
    );
    expect(rows.map((r) => r.relname).sort()).toEqual([...TENANT_TABLES].sort());
    expect(rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity)).toEqual([]);
  });

  it('the API role may only append to the audit log (no UPDATE, DELETE or TRUNCATE)', async () => {
    const [p] = await t.dataSource.query(
      `SELECT has_table_privilege($1, 'audit_event', 'INSERT') AS ins, has_table_privilege($1, 'audit_event', 'SELECT') AS sel,
              has_table_privilege($1, 'audit_event', 'UPDATE') AS upd, has_table_privilege($1, 'audit_event', 'DELETE') AS del,
              has_table_privilege($1, 'audit_event', 'TRUNCATE') AS trunc`,
      [APP_DB_ROLE],
    );
    expect(p).toEqual({ ins: true, sel: true, upd: false, del: false, trunc: false });
  });

  it('SECURITY DEFINER functions are only those on the reviewed allow-list', async () => {
    const rows: { proname: string }[] = await t.dataSource.query(
      `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() AND p.prosecdef ORDER BY 1`,
    );
    expect(rows.map((r) => r.proname)).toEqual(['outcome_rows', 'survey_link_clinic']);
  });

  it('a query without any clinic filter sees only the clinic set for the transaction', async () => {
    const seen = await asClinic<{ clinic_id: string }[]>(b.clinicId, (m) => m.query(`SELECT DISTINCT clinic_id FROM client`));
    expect(seen).toEqual([{ clinic_id: b.clinicId }]);
    const none = await asClinic<{ n: number }[]>(null, (m) => m.query(`SELECT count(*)::int AS n FROM client`));
    expect(none[0]!.n).toBe(0);
    for (const table of TENANT_TABLES.filter((x) => x !== 'clinic')) {
      const leaked = await asClinic<{ n: number }[]>(b.clinicId, (m) => m.query(`SELECT count(*)::int AS n FROM ${table} WHERE clinic_id <> $1`, [b.clinicId]));
      expect({ table, n: leaked[0]!.n }).toEqual({ table, n: 0 });
    }
  });

  it('a service called directly with another clinic’s id gets nothing', async () => {
    const svc = t.app.get(ClientsService);
    await expect(svc.get({ accountId: b.staffId, role: 'CLINIC_STAFF', clinicId: b.clinicId }, clientOfA)).rejects.toMatchObject({ category: 'NOT_FOUND' });
    // Even a query that names clinic A explicitly, in a transaction set to clinic B, finds nothing.
    const rows = await asClinic<unknown[]>(b.clinicId, (m) => m.query(`SELECT id FROM client WHERE clinic_id = $1 AND id = $2`, [a.clinicId, clientOfA]));
    expect(rows).toEqual([]);
  });

  it('writing a row for another clinic fails (WITH CHECK) and updates of its rows touch nothing', async () => {
    await expect(
      asClinic(b.clinicId, (m) =>
        m.query(
          `INSERT INTO client (clinic_id, id, study_code, birth_year, sex, hair_loss_type, fitzpatrick_type, enrolled_at)
           VALUES ($1, $2, 'SMUGGLED', 1980, 'MALE', 'OTHER', 2, now())`,
          [a.clinicId, randomUUID()],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asClinic<[unknown[], number]>(b.clinicId, (m) => m.query(`UPDATE client SET language = 'xx' WHERE id = $1`, [clientOfA]));
    expect(updated[1]).toBe(0);
    const [row] = await t.dataSource.query(`SELECT language FROM client WHERE id = $1`, [clientOfA]);
    expect(row.language).toBe('en');
  });

  it('no tenant leaks through the pool: 500 requests alternating clinics, 30 in flight over 3 connections', async () => {
    const q = `{ clients(first: 200) { items { clinicId } } }`;
    // Ten requests queue for each connection, so every connection serves both clinics in turn. All
    // 500 at once would queue for longer than the pool's 5 s acquire timeout when the shared test
    // database is busy with other suites, and a timed-out request proves nothing about leaks.
    const results = await mapWithConcurrency(Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? a : b)), 30, (who) =>
      t.gql<{ clients: { items: { clinicId: string }[] } }>(q, {}, who.staffToken).then((r) => ({ who, r })),
    );
    const wrong = results
      .filter(({ who, r }) => !r.data || r.data.clients.items.some((c) => c.clinicId !== who.clinicId))
      .map(({ who, r }) => ({ clinic: who.clinicId, error: r.errors?.[0]?.message, clinicsSeen: [...new Set(r.data?.clients.items.map((c) => c.clinicId))] }));
    expect(wrong).toEqual([]);
    expect(new Set(results.map(({ r }) => r.data?.clients.items.length))).toEqual(new Set([1]));
    // After the requests, no connection of the pool still carries a clinic or the API role.
    const settings = await Promise.all(
      Array.from({ length: 6 }, () => t.dataSource.query(`SELECT coalesce(current_setting('app.clinic_id', true), '') AS clinic, current_user AS who`)),
    );
    for (const [s] of settings) expect(s).toEqual({ clinic: '', who: expect.not.stringMatching(APP_DB_ROLE) });
  });
});
