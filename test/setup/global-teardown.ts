import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __embeddedPg?: { socket: { stop(): Promise<void> }; db: { close(): Promise<void> } } }).__embeddedPg;
  if (embedded) {
    await embedded.socket.stop();
    await embedded.db.close();
  }
  const name = process.env.TEST_DROP_DATABASE;
  if (name && process.env.DATABASE_URL && name.startsWith('smp_test_')) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
