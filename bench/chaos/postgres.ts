// Direct PostgreSQL work that must not go through the API: a throwaway database, the server
// restart fault, and the final count (as the server's superuser, so row-level security hides nothing).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The script injects faults; it must never aim them at anything but this machine. */
export function assertLoopback(url: string): URL {
  const u = new URL(url);
  if (!LOOPBACK.has(u.hostname)) throw new Error(`refusing to run against ${u.hostname}: loopback only`);
  return u;
}

export function databaseUrl(adminUrl: string, dbName: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  // Bounded on both sides: the server may be mid-restart, and no statement here should take a minute.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 60_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createDatabase(adminUrl: string, dbName: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${dbName}"`));
}

/** FORCE ends connections a killed API may have left behind; retried because the server may be restarting. */
export async function dropDatabase(adminUrl: string, dbName: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
      return;
    } catch (err) {
      if (attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** Client connections to other databases of the same server: a restart interrupts them too. */
export async function otherSessions(adminUrl: string, dbName: string): Promise<string[]> {
  return withClient(adminUrl, async (c) => {
    const r = await c.query<{ datname: string; n: string }>(
      `SELECT datname, count(*) AS n FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname IS DISTINCT FROM $1
        GROUP BY datname ORDER BY datname`,
      [dbName],
    );
    return r.rows.map((row) => `${row.datname ?? '(none)'}: ${row.n}`);
  });
}

/** The Debian cluster (version, name) that listens on the URL's port, found under /etc/postgresql. */
export function findCluster(adminUrl: string): { version: string; name: string } {
  const port = new URL(adminUrl).port || '5432';
  const root = '/etc/postgresql';
  if (!existsSync(root)) throw new Error(`${root} not found: cannot restart PostgreSQL with pg_ctlcluster`);
  for (const version of readdirSync(root)) {
    for (const name of readdirSync(join(root, version))) {
      const conf = join(root, version, name, 'postgresql.conf');
      if (!existsSync(conf)) continue;
      const configured = /^\s*port\s*=\s*(\d+)/m.exec(readFileSync(conf, 'utf8'))?.[1] ?? '5432';
      if (configured === port) return { version, name };
    }
  }
  throw new Error(`no cluster in ${root} listens on port ${port}`);
}

/** `pg_ctlcluster … restart` (fast mode: open sessions are terminated), bounded to a minute. */
export function restartCluster(cluster: { version: string; name: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', cluster.version, cluster.name, 'restart'],
      { timeout: 60_000 },
      (err, _stdout, stderr) => (err ? reject(new Error(`pg_ctlcluster restart failed: ${err.message} ${stderr}`)) : resolve()),
    );
  });
}

/** Others share this server: if a restart left it down, start it again before the script exits. */
export async function ensureClusterRunning(adminUrl: string, cluster: { version: string; name: string }): Promise<'up' | 'started'> {
  const up = () => withClient(adminUrl, (c) => c.query('SELECT 1')).then(() => true, () => false);
  if (await up()) return 'up';
  await new Promise<void>((resolve, reject) => {
    execFile('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start'], { timeout: 60_000 }, (err, _stdout, stderr) =>
      err ? reject(new Error(`pg_ctlcluster start failed: ${err.message} ${stderr}`)) : resolve(),
    );
  });
  if (!(await up())) throw new Error('PostgreSQL started but does not answer');
  return 'started';
}

export interface StoredFigures {
  readonly rows: number;
  readonly distinctAssignments: number;
  readonly distinctKeys: number;
  readonly duplicateKeys: number;
  readonly responses: Map<string, { id: string; key: string }>; // by assignment id
  readonly responseIds: Set<string>;
  readonly responsesWithoutScores: number;
  readonly completedWithoutResponse: number;
  readonly auditSubmitted: number;
}

export async function readStored(url: string, clinicId: string): Promise<StoredFigures> {
  return withClient(url, async (c) => {
    const rows = await c.query<{ id: string; assignment_id: string; idempotency_key: string }>(
      `SELECT id, assignment_id, idempotency_key FROM survey_response WHERE clinic_id = $1`,
      [clinicId],
    );
    const [dupKeys] = (
      await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT idempotency_key FROM survey_response WHERE clinic_id = $1 GROUP BY 1 HAVING count(*) > 1) d`,
        [clinicId],
      )
    ).rows;
    const [noScores] = (
      await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM survey_response r
          WHERE r.clinic_id = $1 AND NOT EXISTS (SELECT 1 FROM scale_score s WHERE s.clinic_id = r.clinic_id AND s.response_id = r.id)`,
        [clinicId],
      )
    ).rows;
    const [orphanCompleted] = (
      await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM survey_assignment a
          WHERE a.clinic_id = $1 AND a.completed_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM survey_response r WHERE r.clinic_id = a.clinic_id AND r.assignment_id = a.id)`,
        [clinicId],
      )
    ).rows;
    const [audit] = (
      await c.query<{ n: string }>(`SELECT count(*) AS n FROM audit_event WHERE clinic_id = $1 AND action = 'RESPONSE_SUBMITTED'`, [clinicId])
    ).rows;
    const responses = new Map<string, { id: string; key: string }>();
    for (const r of rows.rows) responses.set(r.assignment_id, { id: r.id, key: r.idempotency_key });
    return {
      rows: rows.rowCount ?? rows.rows.length,
      distinctAssignments: responses.size,
      distinctKeys: new Set(rows.rows.map((r) => r.idempotency_key)).size,
      duplicateKeys: Number(dupKeys!.n),
      responses,
      responseIds: new Set(rows.rows.map((r) => r.id)),
      responsesWithoutScores: Number(noScores!.n),
      completedWithoutResponse: Number(orphanCompleted!.n),
      auditSubmitted: Number(audit!.n),
    };
  });
}
