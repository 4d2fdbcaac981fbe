import 'reflect-metadata';
import { resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../libs/persistence/src/index.js';
import { createApp } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';
import { runMigrations } from './database/data-source.js';
import { seedDemo } from './demo/demo-seed.js';
import { drainUntilQuiet } from './health/shutdown-drain.js';
import { ShutdownSignal } from './health/shutdown-signal.js';

/** Between readiness going 503 and the server closing: at least 500 ms, then until 50 ms without a new request, at most 5 s. */
const SHUTDOWN_DRAIN = { minMs: 500, quietMs: 50, maxMs: 5_000 } as const;

async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedPostgres | null = null;
  if (!config.DATABASE_URL) {
    // No server configured: PostgreSQL runs inside this process (PGlite), data kept on disk.
    embedded = await startEmbeddedPostgres({ dataDir: resolve(config.PGLITE_DATA_DIR) });
    config.DATABASE_URL = embedded.url;
    config.DB_POOL_SIZE = Math.min(config.DB_POOL_SIZE, 4);
    console.log(`Embedded PostgreSQL (PGlite) with data in ${resolve(config.PGLITE_DATA_DIR)}`);
  }
  if (config.MIGRATE_ON_START === 'true') {
    const applied = await runMigrations(config.DATABASE_URL);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  }
  const logins = config.DEMO_SEED === 'true' ? await seedDemo(config) : null;

  const app = await createApp({ config });
  // Readiness turns 503 first and answers say `Connection: close`; after the drain (drainUntilQuiet:
  // a stalled loop still reading requests sent before the signal — the shutdown check once saw 121,
  // and later 127, of 200 in-flight sign-ins reset by a fixed drain — keeps it going), stop taking
  // connections, let in-flight requests finish, close the pool and the embedded database. A second
  // signal or the deadline forces the exit. Probes of /health do not count as arrivals: a load
  // balancer keeps asking for readiness until it has seen the 503.
  let arrived = 0;
  app.getHttpServer().on('request', (req: { url?: string }) => {
    if (!req.url?.startsWith('/health')) arrived += 1;
  });
  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    app.get(ShutdownSignal).begin();
    setTimeout(() => process.exit(1), 15_000).unref();
    await drainUntilQuiet({ ...SHUTDOWN_DRAIN, arrived: () => arrived });
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', (s) => void shutdown(s));
  process.once('SIGTERM', (s) => void shutdown(s));
  await app.listen(config.PORT, config.HOST);
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/graphql`;
  console.log(`\nSMP Outcomes Registry API ready: ${url}`);
  console.log(`Health: ${url.replace(/graphql$/, 'health')}`);
  if (logins) {
    console.log('\nDemo logins (created now; change them before real use):');
    for (const l of logins) console.log(`  ${l.role.padEnd(36)} ${l.email.padEnd(24)} ${l.password}`);
  } else if (config.DEMO_SEED === 'true') {
    console.log('\nDemo data already present: admin@demo.smp, researcher@demo.smp, staff1..3@demo.smp (password demo-password-123).');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
