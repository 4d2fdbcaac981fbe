import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../libs/persistence/src/index.js';
import { runMigrations } from '../../apps/api/src/database/data-source.js';

// One migrated database for the run: a fresh database on the server named by DATABASE_URL (created
// here, dropped in teardown), or an in-memory PGlite when DATABASE_URL is not set.
export default async function globalSetup(): Promise<void> {
  const server = process.env.DATABASE_URL;
  let url: string;
  if (server) {
    const name = `smp_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    process.env.TEST_DROP_DATABASE = name;
  } else {
    const embedded = await startEmbeddedPostgres();
    (globalThis as { __embeddedPg?: unknown }).__embeddedPg = embedded;
    url = embedded.url;
  }
  // Refuse to touch anything that is not obviously a test database.
  const dbName = new URL(url).pathname.slice(1);
  if (server && !dbName.includes('test')) throw new Error(`refusing to run tests on database ${dbName}`);
  await runMigrations(url);
  process.env.TEST_DATABASE_URL = url;
  process.env.TEST_DATABASE_KIND = server ? 'server' : 'embedded';
  console.log(`\n[test] database: ${server ? `PostgreSQL server, fresh database ${dbName}` : 'embedded PGlite (in memory)'}`);
}
