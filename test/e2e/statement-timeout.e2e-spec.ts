// SECURITY.md #11: an OLTP statement that runs past the 5 s statement_timeout of the API's
// connections (apps/api/src/database/data-source.ts) is cancelled by PostgreSQL (SQLSTATE 57014),
// the caller gets the error, and the pool is back to its idle size within 1 s, serving the next
// request. The statement runs the way a request runs it: through the app's own Db service, in a
// request-like transaction (role smp_app switched on with set_config, admin scope).
//
// PGlite (the default embedded test database) is PostgreSQL compiled to single-threaded
// WebAssembly: it has no timer interrupt, so statement_timeout is accepted but never enforced, and
// pg_sleep blocks the whole process; and through pglite-socket the pool's per-connection
// statement_timeout is not applied either (current_setting reads 0).
// The probe below detects the missing enforcement; only then, and only on the embedded database,
// the timeout assertions are skipped (named so in the test output). On the server the same probe
// failing fails the test instead of skipping it. The pool and next-request checks run on both.
import pg from 'pg';
import type { Pool } from 'pg';
import { Db } from '../../apps/api/src/database/db.service.js';
import { startTestApp, type TestApp } from '../../libs/testing/src/index.js';

const OLTP_TIMEOUT_MS = 5_000;
const SLEEP_S = 6;

/** Does the test database cancel a statement that outlives statement_timeout? (50 ms limit, 300 ms sleep) */
async function timeoutIsEnforced(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('statement_timeout', '50', true)`);
    await c.query('SELECT pg_sleep(0.3)');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === '57014') return true;
    throw err;
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    await c.end();
  }
}

const kind = process.env.TEST_DATABASE_KIND;
const enforced = await timeoutIsEnforced(process.env.TEST_DATABASE_URL!);
// A server that does not cancel is a finding, never a reason to skip.
const skipCancellation = !enforced && kind === 'embedded';
const cancellationTest = skipCancellation ? it.skip : it;
const cancellationName = skipCancellation
  ? 'SKIPPED on PGlite, which never enforces statement_timeout (single-threaded WebAssembly, no timer interrupt; probe: a 300 ms sleep under a 50 ms limit completed) and does not apply the pool\'s per-connection setting through pglite-socket (it reads 0): request transactions run with statement_timeout 5s, and a statement over 5 s is cancelled with SQLSTATE 57014 after about 5 s'
  : 'request transactions run with statement_timeout 5s, and a statement over 5 s is cancelled with SQLSTATE 57014 after about 5 s, not 6';

interface PoolState {
  total: number;
  idle: number;
  waiting: number;
}

describe(`statement timeout of OLTP transactions (SECURITY.md #11) on ${kind === 'server' ? 'the PostgreSQL server' : 'PGlite'}`, () => {
  let t: TestApp;
  let db: Db;
  let pool: Pool;
  const state = (): PoolState => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });

  // The long statement runs once; the tests below read what it did.
  let before: PoolState;
  let during: PoolState | null = null;
  let outcome: { ms: number; code?: string; message?: string; rows?: unknown };
  let endedAt: number;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Db);
    pool = (db.dataSource.driver as unknown as { master: Pool }).master;
    // Warm the pool a little, then let every connection go idle: that is the idle size to return to.
    await Promise.all([1, 2].map(() => db.tx({ clinicId: null, role: 'ADMIN' }, (m) => m.query('SELECT 1'))));
    before = state();

    const sampler = setTimeout(() => (during = state()), 1_000);
    const started = Date.now();
    try {
      const rows = await db.tx({ clinicId: null, role: 'ADMIN' }, (m) => m.query(`SELECT pg_sleep(${SLEEP_S})`));
      outcome = { ms: Date.now() - started, rows };
    } catch (err) {
      const e = err as { code?: string; driverError?: { code?: string }; message?: string };
      outcome = { ms: Date.now() - started, code: e.code ?? e.driverError?.code, message: e.message };
    } finally {
      clearTimeout(sampler);
    }
    endedAt = Date.now();
  }, 30_000);

  afterAll(() => t?.close());

  cancellationTest(cancellationName, async () => {
    // The limit every request transaction gets from its pooled connection (a report raises it locally).
    const [row] = await db.tx({ clinicId: null, role: 'ADMIN' }, (m) =>
      m.query(`SELECT current_setting('statement_timeout') AS timeout, current_user AS who`),
    );
    expect(row).toEqual({ timeout: '5s', who: 'smp_app' });
    expect(outcome.rows).toBeUndefined();
    expect(outcome.code).toBe('57014');
    expect(outcome.message).toMatch(/statement timeout/);
    // Cancelled by the 5 s limit: not before it, and clearly before the 6 s sleep would have ended.
    expect(outcome.ms).toBeGreaterThanOrEqual(OLTP_TIMEOUT_MS - 100);
    expect(outcome.ms).toBeLessThan(SLEEP_S * 1000 - 200);
    // While it ran, it held one connection of the pool (sampled at 1 s; PGlite blocks the process then).
    expect(during).not.toBeNull();
    expect(during!.total - during!.idle).toBe(1);
  });

  it('afterwards the pool is back to its idle size within 1 s and the next requests are served', async () => {
    // Idle size: the same number of connections as before, all idle, nobody waiting.
    let after = state();
    while (!(after.total === before.total && after.idle === after.total && after.waiting === 0) && Date.now() - endedAt < 1_000) {
      await new Promise((r) => setTimeout(r, 10));
      after = state();
    }
    expect(before.total).toBeGreaterThanOrEqual(1);
    expect(before.idle).toBe(before.total);
    expect({ ...after, withinMs: Date.now() - endedAt <= 1_000 }).toEqual({ ...before, idle: before.total, waiting: 0, withinMs: true });

    // The next request over HTTP (readiness pings the database through the same pool) ...
    const ready = await fetch(`${t.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    // ... and as many request transactions at once as the pool has connections (so the connection
    // whose statement was cancelled is among them), each switched to the API role again.
    const size = t.config.DB_POOL_SIZE;
    const rows = await Promise.all(
      Array.from({ length: size }, () =>
        db.tx({ clinicId: null, role: 'ADMIN' }, async (m) => (await m.query(`SELECT current_user AS who, 1 AS ok`))[0]),
      ),
    );
    expect(rows).toEqual(Array.from({ length: size }, () => ({ who: 'smp_app', ok: 1 })));
    // ... and a GraphQL request that reads the database (sign-in, then a list of accounts).
    const admin = await t.newAdmin();
    const graphql = await t.gql<{ staffAccounts: { email: string }[] }>('query { staffAccounts { email } }', {}, admin.token);
    expect(graphql.errors).toBeUndefined();
    expect(graphql.data!.staffAccounts.map((a) => a.email)).toContain(admin.email);
    const end = state();
    expect(end.waiting).toBe(0);
    expect(end.idle).toBe(end.total);
  });
});
