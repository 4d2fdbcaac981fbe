// npm run generate -- [--database-url postgres://postgres@127.0.0.1:5432/smp_demo] [--clients 100000] [--clinics 200] [--seed N] [--years 4]
//
// Loads the synthetic registry (bench/registry) into a database: applies the migrations first, then
// clinics, staff and clients with their histories through COPY. The database must be empty of
// registry data (a fresh one; it is created when it does not exist). Prints rows/s per table group.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runMigrations } from '../apps/api/src/database/data-source.js';
import { DEFAULT_REGISTRY, loadClients, loadClinics, plan } from './registry/registry.js';

function int(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return v;
}

async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const r = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (r.rowCount === 0) {
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      console.log(`created database ${name}`);
    }
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string', default: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/smp_demo' },
      clients: { type: 'string' },
      clinics: { type: 'string' },
      seed: { type: 'string' },
      years: { type: 'string' },
    },
  });
  const url = values['database-url'];
  const o = {
    clients: int('clients', values.clients, DEFAULT_REGISTRY.clients),
    clinics: int('clinics', values.clinics, DEFAULT_REGISTRY.clinics),
    seed: int('seed', values.seed, DEFAULT_REGISTRY.seed),
    years: int('years', values.years, DEFAULT_REGISTRY.years),
  };
  await ensureDatabase(url);
  const applied = await runMigrations(url);
  if (applied.length > 0) console.log(`applied migrations: ${applied.join(', ')}`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const [{ n }] = (await c.query<{ n: string }>(`SELECT count(*) AS n FROM clinic`)).rows as [{ n: string }];
  await c.end();
  if (Number(n) > 0) throw new Error(`the database already holds ${n} clinics: generate into a fresh database`);
  const p = plan(o);
  const t0 = Date.now();
  await loadClinics(url, p);
  console.log(`${o.clinics} clinics and ${p.staffRows.length} staff accounts; largest clinic: ${p.largestClinic.name} (${p.largestClinic.id})`);
  const s = await loadClients(url, p, 0, o.clients, (done, rows) =>
    console.log(`  ${done}/${o.clients} clients, ${rows} rows, ${(rows / ((Date.now() - t0) / 1000)).toFixed(0)} rows/s`),
  );
  console.log(JSON.stringify({ measurement: 'generator', ...o, ...s }));
  console.log(`loaded ${s.totalRows} rows (${s.responses} responses) in ${s.copySeconds.toFixed(1)} s = ${s.rowsPerSecond.toFixed(0)} rows/s; ` +
    `VACUUM ANALYZE ${s.vacuumSeconds.toFixed(1)} s; all events before ${new Date(p.end).toISOString()}`);
  console.log(`staff accounts of the generated clinics cannot sign in; create an administrator with npm run cli -- create-admin`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
