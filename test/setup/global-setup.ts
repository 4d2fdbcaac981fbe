import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// One database for the run: a fresh database on the server named by DATABASE_URL (created here,
// dropped in teardown), or an in-memory PGlite when DATABASE_URL is not set. Jest loads this file
// outside its module mapper, so it imports packages only; the tests apply the migrations
// (libs/testing startTestApp), through the same runMigrations as the API.
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
    const db = await PGlite.create('memory://');
    const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
    await socket.start();
    (globalThis as { __embeddedPg?: unknown }).__embeddedPg = { socket, db };
    url = `postgres://postgres@${socket.getServerConn()}/postgres`;
  }
  process.env.TEST_DATABASE_URL = url;
  process.env.TEST_DATABASE_KIND = server ? 'server' : 'embedded';
  console.log(`\n[test] database: ${server ? `PostgreSQL server, fresh database ${new URL(url).pathname.slice(1)}` : 'embedded PGlite (in memory)'}`);
}
