// Fault injection for SECURITY.md #30/#31: N survey submissions from concurrent clients that retry
// with their idempotency keys on any failure, while the API is SIGKILLed and restarted twice and
// PostgreSQL is restarted once. The database then has to hold exactly N responses.
//
//   npm run chaos -- [--n 5000] [--concurrency 32] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
//                    [--port 3999] [--keep] [--max-minutes 30]
//
// Loopback only; every wait is bounded; the script kills its API and drops its database on exit.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiProcess, assertPortFree, logApiErrors, ReadinessMonitor } from './chaos/api-process.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, buildFixture } from './chaos/fixture.js';
import { newStats, runLoad, type LoadStats } from './chaos/load.js';
import {
  assertLoopback,
  createDatabase,
  databaseUrl,
  dropDatabase,
  ensureClusterRunning,
  findCluster,
  otherSessions,
  readStored,
  restartCluster,
} from './chaos/postgres.js';
import { cleanUpOnExit, log, positiveInt, seconds, sleep, stamp } from './chaos/util.js';

// dist/bench/chaos.js → the repository root, where dist/apps/... lives.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
const CLI_ENTRY = join(ROOT, 'dist/apps/cli/src/main.js');

interface Fault {
  readonly name: string;
  /** Fraction of settled submissions at which the fault fires. */
  readonly at: number;
  readonly run: (f: Fault) => Promise<void>;
  startedAt?: number;
  recoveredAt?: number;
  notes: string[];
  error?: string;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '32' },
      'database-url': { type: 'string', default: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      port: { type: 'string', default: '3999' },
      keep: { type: 'boolean', default: false },
      'max-minutes': { type: 'string', default: '30' },
    },
  });
  return {
    n: positiveInt('n', values.n),
    concurrency: positiveInt('concurrency', values.concurrency),
    adminUrl: values['database-url'],
    port: positiveInt('port', values.port),
    keep: values.keep,
    maxMinutes: positiveInt('max-minutes', values['max-minutes']),
  };
}

function createAdmin(dbUrl: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [CLI_ENTRY, 'create-admin', '--email', ADMIN_EMAIL, '--password', ADMIN_PASSWORD, '--name', 'Chaos admin'],
      { cwd: ROOT, timeout: 120_000, env: { ...process.env, DATABASE_URL: dbUrl, DEMO_SEED: 'false', NODE_ENV: 'development', NO_COLOR: '1' } },
      (err, stdout, stderr) => (err ? reject(new Error(`create-admin failed: ${err.message}\n${stdout}${stderr}`)) : resolvePromise()),
    );
  });
}

/** The longest stretch without an acknowledgement between the fault and shortly after recovery. */
function longestAckPause(ackTimes: readonly number[], from: number, to: number): number {
  const sorted = [...ackTimes].sort((a, b) => a - b);
  let prev = from;
  let longest = 0;
  for (const t of sorted) {
    if (t <= from) continue;
    longest = Math.max(longest, t - prev);
    prev = t;
    if (t > to) break;
  }
  return longest;
}

async function main(): Promise<number> {
  const opts = parseOptions();
  assertLoopback(opts.adminUrl);
  for (const f of [API_ENTRY, CLI_ENTRY]) if (!existsSync(f)) throw new Error(`${f} missing: run npm run build first`);
  await assertPortFree(opts.port);
  const cluster = findCluster(opts.adminUrl);
  const deadline = Date.now() + opts.maxMinutes * 60_000;

  const runId = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `smp_chaos_${runId}`;
  const dbUrl = databaseUrl(opts.adminUrl, dbName);
  const logDir = mkdtempSync(join(tmpdir(), 'smp-chaos-'));
  log(`chaos: n=${opts.n} concurrency=${opts.concurrency} port=${opts.port} database=${dbName} cluster=${cluster.version}/${cluster.name}`);
  log(`API log: ${join(logDir, 'api.log')}`);

  // Cleanup runs once, whatever ends the run: normal end, an error, SIGINT/SIGTERM, the hard limit.
  let api: ApiProcess | null = null;
  let dbCreated = false;
  let restartedPostgres = false;
  let summary: string | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (api) {
        api.onUnexpectedExit = null;
        await api.kill().catch((err: unknown) => log(`!! ${err instanceof Error ? err.message : String(err)}`));
        api.close();
      }
      if (restartedPostgres) {
        try {
          if ((await ensureClusterRunning(opts.adminUrl, cluster)) === 'started') log('PostgreSQL was down after the run: started it again');
        } catch (err) {
          log(`!! PostgreSQL may be down: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (!dbCreated) return;
      if (opts.keep) {
        log(`kept database: ${dbUrl}`);
        return;
      }
      try {
        await dropDatabase(opts.adminUrl, dbName);
        log(`dropped database ${dbName}`);
      } catch (err) {
        log(`could not drop database ${dbName}: ${err instanceof Error ? err.message : String(err)}`);
      }
    })());
  cleanUpOnExit(cleanup, () => api?.killNow());
  const hardStop = setTimeout(() => {
    log(`hard time limit (${opts.maxMinutes} min + 3 min) reached: stopping`);
    void cleanup().finally(() => process.exit(1));
  }, opts.maxMinutes * 60_000 + 3 * 60_000);
  hardStop.unref();

  try {
    // 1. A fresh database with its first administrator (the CLI applies the migrations).
    await createDatabase(opts.adminUrl, dbName);
    dbCreated = true;
    await createAdmin(dbUrl);
    log('database created, migrations applied, administrator created');

    // 2. The API under test.
    const theApi = new ApiProcess({ entry: API_ENTRY, cwd: ROOT, databaseUrl: dbUrl, port: opts.port, logFile: join(logDir, 'api.log') });
    api = theApi;
    await theApi.start();
    log(`API pid ${theApi.pid} ready after ${seconds(await theApi.waitReady(90_000))}`);

    // 3. Fixture through GraphQL.
    const fixture = await buildFixture(theApi.baseUrl, opts.n, runId);

    // 4./5. Load and faults. An exit we did not cause is restarted (bounded) and reported.
    theApi.onUnexpectedExit = (e) => {
      log(`!! API pid ${e.pid} exited by itself (code ${e.code}, signal ${e.signal})`);
      if (theApi.unexpectedExits.length <= 3) {
        theApi.start().then(
          () => log(`!! API restarted as pid ${theApi.pid}`),
          (err: unknown) => log(`!! API not restarted: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
    };
    const stats = newStats(opts.n);
    let phase = 'before faults';

    const killApi = async (f: Fault) => {
      const pid = theApi.pid;
      await theApi.kill();
      log(`${f.name}: SIGKILL sent to API pid ${pid}; ${stats.acked} acknowledged so far`);
      await theApi.start();
      await theApi.waitReady(90_000);
      f.recoveredAt = Date.now();
      f.notes.push(`API pid ${pid} killed, pid ${theApi.pid} ready ${seconds(f.recoveredAt - f.startedAt!)} after the kill`);
    };
    const restartPostgres = async (f: Fault) => {
      const others = await otherSessions(opts.adminUrl, dbName).catch(() => ['(could not list)']);
      if (others.length > 0) f.notes.push(`other sessions on this server interrupted too: ${others.join(', ')}`);
      const pid = theApi.pid;
      const t0 = Date.now();
      restartedPostgres = true;
      await restartCluster(cluster);
      f.notes.push(`pg_ctlcluster restart took ${seconds(Date.now() - t0)}; the API is not restarted`);
      log(`${f.name}: PostgreSQL back after ${seconds(Date.now() - t0)}; waiting for the API to reconnect by itself`);
      await theApi.waitReady(90_000);
      f.recoveredAt = Date.now();
      f.notes.push(`API readiness 200 again ${seconds(f.recoveredAt - f.startedAt!)} after the restart began`);
      // The property under test: the same process serves again; a watchdog restart does not count.
      if (theApi.pid !== pid) throw new Error(`the API process did not survive: pid ${pid} replaced by ${theApi.pid ?? 'nothing'}`);
    };
    const faults: Fault[] = [
      { name: 'API SIGKILL #1', at: 0.2, run: killApi, notes: [] },
      { name: 'PostgreSQL restart', at: 0.5, run: restartPostgres, notes: [] },
      { name: 'API SIGKILL #2', at: 0.75, run: killApi, notes: [] },
    ];

    const monitor = new ReadinessMonitor(theApi.baseUrl);
    monitor.start();
    let loadDone = false;
    const loadStarted = Date.now();
    log(`load: ${opts.n} submissions, ${opts.concurrency} clients`);
    const load = runLoad(
      fixture.submissions,
      {
        baseUrl: () => theApi.baseUrl,
        concurrency: opts.concurrency,
        deadline,
        // Submissions well past the next fault's trigger wait until that fault has begun, so every
        // fault meets requests in flight and leaves work for after it (matters for small --n).
        gate: () => {
          const pending = faults.find((f) => f.startedAt === undefined);
          if (!pending) return Infinity;
          const trigger = Math.ceil(pending.at * opts.n);
          return Math.min(trigger + 2 * opts.concurrency, trigger + Math.ceil((opts.n - trigger) / 2));
        },
        phase: () => phase,
      },
      stats,
    ).finally(() => (loadDone = true));
    const progress = setInterval(() => log(`load: ${stats.acked} acknowledged, ${stats.settled} settled, ${stats.retries} retries`), 2_000);

    // Faults fire on progress, one after the other, while the clients keep submitting.
    for (const f of faults) {
      const trigger = Math.ceil(f.at * opts.n);
      while (stats.settled < trigger && !loadDone && Date.now() < deadline) await sleep(20);
      if (loadDone || Date.now() >= deadline) {
        f.error = 'not injected: the load ended first';
        continue;
      }
      phase = `since ${f.name}`;
      f.startedAt = Date.now();
      log(`FAULT ${f.name} at ${stats.settled}/${opts.n} settled`);
      try {
        await f.run(f);
      } catch (err) {
        f.error = err instanceof Error ? err.message : String(err);
        log(`FAULT ${f.name} failed: ${f.error}`);
      }
      log(`FAULT ${f.name} done: ${f.notes.join('; ')}`);
    }
    await load;
    clearInterval(progress);
    const loadMs = Date.now() - loadStarted;
    await monitor.stop();

    // 6. What the database holds, read directly.
    const stored = await readStored(dbUrl, fixture.clinicId);
    let neverAcked = 0;
    let ackedMissing = 0;
    let storedUnacked = 0;
    let foreignKey = 0;
    for (const s of fixture.submissions) {
      const r = stats.results[s.index]!;
      const row = stored.responses.get(s.assignmentId);
      if (row && row.key !== s.idempotencyKey) foreignKey += 1;
      if (r.ackAt === undefined) {
        neverAcked += 1;
        if (row) storedUnacked += 1;
      } else if (r.ackId ? row?.id !== r.ackId : row?.key !== s.idempotencyKey) {
        ackedMissing += 1;
      }
    }
    const duplicates = Math.max(stored.rows - stored.distinctAssignments, stored.rows - stored.distinctKeys) + stored.duplicateKeys;
    const lost = ackedMissing + neverAcked;

    report({ opts, stats, faults, monitor, api: theApi, loadStarted, loadMs, stored, neverAcked, ackedMissing, storedUnacked, foreignKey });
    // A run in which a fault could not be injected proves nothing about that fault.
    const allFaults = faults.every((f) => f.startedAt !== undefined && f.error === undefined);
    if (!allFaults) console.log('!! not every fault was injected and recovered from: the run fails');
    // Also fatal, though the counts may look right: a crash we did not cause, two receipts for one key.
    const sound = theApi.unexpectedExits.length === 0 && stats.ackIdMismatches.length === 0 && stats.twins.refusals.length === 0;
    if (!sound) console.log('!! the API exited by itself or answered one idempotency key inconsistently: the run fails');
    const ok = stored.rows === opts.n && duplicates === 0 && lost === 0 && allFaults && sound;
    summary = `submitted ${opts.n}, stored ${stored.rows}, duplicates ${duplicates}, lost ${lost}`;
    return ok ? 0 : 1;
  } finally {
    await cleanup();
    clearTimeout(hardStop);
    // Last, after the cleanup's log lines, so that it is the line to quote.
    if (summary) console.log(summary);
  }
}

function report(r: {
  opts: ReturnType<typeof parseOptions>;
  stats: LoadStats;
  faults: Fault[];
  monitor: ReadinessMonitor;
  api: ApiProcess;
  loadStarted: number;
  loadMs: number;
  stored: Awaited<ReturnType<typeof readStored>>;
  neverAcked: number;
  ackedMissing: number;
  storedUnacked: number;
  foreignKey: number;
}): void {
  const { stats } = r;
  const attempts = stats.results.reduce((sum, x) => sum + x.attempts, 0);
  const retried = stats.results.filter((x) => x.attempts > 1).length;
  const replayed = stats.results.filter((x) => x.replayed).length;
  const byConflict = stats.results.filter((x) => x.ackAt !== undefined && x.ackId === null).length;
  const maxAttempts = Math.max(0, ...stats.results.map((x) => x.attempts));
  console.log('');
  console.log('---- chaos run ----');
  const firstFault = r.faults[0]?.startedAt;
  const calm = firstFault ? stats.ackTimes.filter((t) => t < firstFault).length / ((firstFault - r.loadStarted) / 1000) : NaN;
  console.log(
    `load: ${seconds(r.loadMs)} including faults, ${(r.opts.n / (r.loadMs / 1000)).toFixed(0)} submissions/s overall, ` +
      `${calm.toFixed(0)}/s before the first fault, ${r.opts.concurrency} clients`,
  );
  console.log(`attempts ${attempts}, retries ${stats.retries}, submissions retried ${retried}, max attempts ${maxAttempts}`);
  console.log(`acknowledged ${stats.acked} (replayed:true ${replayed}, of which by CONFLICT/ALREADY_SUBMITTED ${byConflict})`);
  const t = stats.twins;
  console.log(`sent twice at once ${t.sent}: both acknowledged ${t.bothAcked}, of which exactly one replayed:true ${t.oneReplayed}`);
  for (const x of t.refusals.slice(0, 5)) console.log(`    !! a twin was refused: ${x}`);
  for (const f of r.faults) {
    const from = f.startedAt ?? 0;
    const to = f.recoveredAt ?? from;
    console.log(`fault ${f.name}: ${f.startedAt ? `at ${stamp(from)}` : ''} ${f.error ? `ERROR ${f.error}` : ''}`);
    for (const note of f.notes) console.log(`    ${note}`);
    if (!f.startedAt) continue;
    const down = r.monitor.downIntervals(from, to);
    const downText = down.map((d) => `${d.to === null ? 'still down' : seconds(d.to - d.from)} (status ${d.status || 'no answer'})`).join(', ');
    console.log(`    readiness not 200: ${downText || 'never observed (polled every ~100 ms)'}`);
    console.log(`    longest pause in acknowledgements: ${seconds(longestAckPause(stats.ackTimes, from, to + 5_000))}`);
  }
  console.log('failed attempts (before faults / since each fault began):');
  for (const [phase, kinds] of stats.errorsByPhase) {
    console.log(`    ${phase}: ${[...kinds.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  }
  if (stats.errorSamples.size > 0) {
    console.log('error texts seen by clients (count):');
    for (const [text, n] of [...stats.errorSamples.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${String(n).padStart(5)}  ${text}`);
  }
  console.log(`SQL/driver text in client-visible errors: ${stats.leaks.length === 0 ? 'none' : ''}`);
  for (const l of stats.leaks.slice(0, 5)) console.log(`    !! ${l}`);
  if (stats.internalWithoutErrorId > 0) console.log(`!! INTERNAL_SERVER_ERROR without errorId: ${stats.internalWithoutErrorId}`);
  for (const m of stats.ackIdMismatches.slice(0, 5)) console.log(`!! same key acknowledged with two responseIds: ${m}`);
  const failed = stats.results.filter((x) => x.failed);
  if (failed.length > 0) {
    console.log(`given up: ${failed.length}; first reasons:`);
    for (const x of failed.slice(0, 5)) console.log(`    ${x.failed}`);
  }
  console.log(`API starts ${r.api.starts}, exits not caused by us ${r.api.unexpectedExits.length}`);
  logApiErrors(r.api);
  const s = r.stored;
  console.log(
    `database: rows ${s.rows}, distinct assignments ${s.distinctAssignments}, distinct keys ${s.distinctKeys}, keys used twice ${s.duplicateKeys}, ` +
      `responses without scores ${s.responsesWithoutScores}, completed assignments without response ${s.completedWithoutResponse}, ` +
      `RESPONSE_SUBMITTED audit events ${s.auditSubmitted}`,
  );
  console.log(
    `lost = acknowledged but missing ${r.ackedMissing} + never acknowledged ${r.neverAcked} (of which stored anyway ${r.storedUnacked}); rows with another key ${r.foreignKey}`,
  );
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
