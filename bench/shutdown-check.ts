// Graceful shutdown (SECURITY.md #34): SIGTERM while ~200 requests are in flight. The API (built,
// as a child process, on a free loopback port, against its own throwaway database) must:
//   - answer /health/ready with 503, or stop accepting connections, right after the signal;
//   - complete every in-flight request with a proper GraphQL answer (0 errors, 0 resets);
//   - refuse new connections once it has stopped listening (none accepted after a refusal);
//   - close the keep-alive sockets of the finished requests (not keep them until their idle timeout);
//   - exit with code 0 within the configured deadline (15 s, apps/api/src/main.ts).
//
//   npm run shutdown-check -- [--in-flight 200] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
//                             [--port N (default: a free one)] [--deadline-ms 15000] [--keep]
//
// The in-flight work: successful `login` mutations of one administrator. Each costs an argon2id
// verify (m = 19 MiB, t = 2: tens of ms on the libuv thread pool, so 200 of them take seconds on two
// cores) between two database transactions (account lookup, then refresh token and audit insert).
// A success is not throttled (failed sign-ins are, per account and per address), and its last step
// writes through the pool after the slow part, so a pool closed too early fails the request.
// Loopback only; every wait is bounded; the script kills its API and drops its database on exit.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ApiProcess, type UnexpectedExit } from './chaos/api-process.js';
import { assertLoopback, createDatabase, databaseUrl, dropDatabase } from './chaos/postgres.js';
import { cleanUpOnExit, log, positiveInt, seconds, sleep } from './chaos/util.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
const CLI_ENTRY = join(ROOT, 'dist/apps/cli/src/main.js');
const ADMIN_EMAIL = 'shutdown-admin@test.smp';
const ADMIN_PASSWORD = 'shutdown-admin-password-1';
/** A keep-alive socket of a finished request must be closed by the server within this time. */
const KEEP_ALIVE_CLOSE_MS = 1_000;
/** Readiness must be down (503 or no listener) within this time of the signal. */
const READY_DOWN_MS = 1_000;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      'in-flight': { type: 'string', default: '200' },
      'database-url': { type: 'string', default: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      port: { type: 'string' },
      'deadline-ms': { type: 'string', default: '15000' },
      keep: { type: 'boolean', default: false },
    },
  });
  return {
    inFlight: positiveInt('in-flight', values['in-flight']),
    adminUrl: values['database-url'],
    port: values.port === undefined ? null : positiveInt('port', values.port),
    deadlineMs: positiveInt('deadline-ms', values['deadline-ms']),
    keep: values.keep,
  };
}

/** A port nothing listens on right now (the API refuses to start if it got taken meanwhile). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

function createAdmin(dbUrl: string): Promise<void> {
  return new Promise((done, reject) => {
    execFile(
      process.execPath,
      [CLI_ENTRY, 'create-admin', '--email', ADMIN_EMAIL, '--password', ADMIN_PASSWORD, '--name', 'Shutdown check admin'],
      { cwd: ROOT, timeout: 120_000, env: { ...process.env, DATABASE_URL: dbUrl, DEMO_SEED: 'false', NODE_ENV: 'development', NO_COLOR: '1' } },
      (err, stdout, stderr) => (err ? reject(new Error(`create-admin failed: ${err.message}\n${stdout}${stderr}`)) : done()),
    );
  });
}

type ProbeResult = { at: number; status: number } | { at: number; error: string };

/** GET /health/ready on a new connection (no agent, Connection: close): a status or the socket error code. */
function probe(port: number, timeoutMs = 1_000): Promise<ProbeResult> {
  return new Promise((done) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health/ready', agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => done({ at: Date.now(), status: res.statusCode ?? 0 }));
      res.once('error', (e: NodeJS.ErrnoException) => done({ at: Date.now(), error: e.code ?? e.message }));
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error('probe timeout'), { code: 'TIMEOUT' })));
    req.once('error', (e: NodeJS.ErrnoException) => done({ at: Date.now(), error: e.code ?? e.message }));
  });
}

interface InFlight {
  readonly index: number;
  socket?: Socket;
  writtenAt?: number;
  answeredAt?: number;
  status?: number;
  connectionHeader?: string;
  ok?: boolean;
  failure?: string;
  socketClosedAt?: number;
  answeredBeforeSignal?: boolean;
}

const LOGIN = JSON.stringify({
  query: 'mutation($input: LoginInput!){ login(input: $input){ accessToken account { role } } }',
  variables: { input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } },
});

/** One login over its own keep-alive connection; resolves when the answer is read (never rejects). */
function sendLogin(port: number, agent: http.Agent, r: InFlight, timeoutMs: number): Promise<void> {
  return new Promise((done) => {
    const finish = (failure?: string) => {
      r.answeredAt ??= Date.now();
      if (failure) r.failure ??= failure;
      done();
    };
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/graphql',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(LOGIN), connection: 'keep-alive' },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', (e: NodeJS.ErrnoException) => finish(`response ${e.code ?? e.message}`));
        res.once('end', () => {
          r.status = res.statusCode;
          r.connectionHeader = String(res.headers.connection ?? '');
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const body = JSON.parse(text) as { data?: { login?: { accessToken?: string; account?: { role?: string } } }; errors?: { message: string; extensions?: { code?: string } }[] };
            const token = body.data?.login?.accessToken;
            r.ok = res.statusCode === 200 && !body.errors && typeof token === 'string' && token.length > 20 && body.data?.login?.account?.role === 'ADMIN';
            if (!r.ok) finish(`HTTP ${res.statusCode}: ${body.errors?.[0]?.extensions?.code ?? ''} ${body.errors?.[0]?.message ?? text.slice(0, 120)}`);
            else finish();
          } catch {
            finish(`HTTP ${res.statusCode}: not JSON: ${text.slice(0, 120)}`);
          }
        });
      },
    );
    req.once('socket', (s: Socket) => {
      r.socket = s;
      s.once('close', () => (r.socketClosedAt ??= Date.now()));
    });
    req.once('finish', () => (r.writtenAt = Date.now()));
    req.once('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.once('error', (e: NodeJS.ErrnoException) => finish(`request ${e.code ?? e.message}`));
    req.end(LOGIN);
  });
}

/** Sessions of the API in its database (the script's own connection excluded). */
async function apiSessions(dbUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: dbUrl, connectionTimeoutMillis: 2_000 });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return r.rows[0]!.n;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  const opts = parseOptions();
  assertLoopback(opts.adminUrl);
  for (const f of [API_ENTRY, CLI_ENTRY]) if (!existsSync(f)) throw new Error(`${f} missing: run npm run build first`);
  const port = opts.port ?? (await freePort());
  const runId = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `smp_shutdown_${runId}`;
  const dbUrl = databaseUrl(opts.adminUrl, dbName);
  const logDir = mkdtempSync(join(tmpdir(), 'smp-shutdown-'));
  log(`shutdown check: in-flight ${opts.inFlight}, port ${port}, database ${dbName}, deadline ${opts.deadlineMs} ms`);
  log(`API log: ${join(logDir, 'api.log')}`);

  let api: ApiProcess | null = null;
  let dbCreated = false;
  let summary: string | null = null;
  const cleanup = async () => {
    if (api) {
      api.onUnexpectedExit = null;
      await api.kill().catch(() => undefined); // a no-op when it has exited, as it should have
      api.close();
    }
    if (!dbCreated) return;
    if (opts.keep) return log(`kept database: ${dbUrl}`);
    await dropDatabase(opts.adminUrl, dbName).then(
      () => log(`dropped database ${dbName}`),
      (err: unknown) => log(`could not drop database ${dbName}: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  cleanUpOnExit(cleanup, () => api?.killNow());
  const hardStop = setTimeout(() => {
    log('hard time limit (3 min) reached: stopping');
    void cleanup().finally(() => process.exit(1));
  }, 180_000);
  hardStop.unref();

  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 1_000 });
  try {
    await createDatabase(opts.adminUrl, dbName);
    dbCreated = true;
    await createAdmin(dbUrl);
    log('database created, migrations applied, administrator created');

    const theApi = new ApiProcess({ entry: API_ENTRY, cwd: ROOT, databaseUrl: dbUrl, port, logFile: join(logDir, 'api.log') });
    api = theApi;
    let exit: UnexpectedExit | null = null;
    const exited = new Promise<UnexpectedExit>((done) => {
      theApi.onUnexpectedExit = (e) => {
        exit = e;
        done(e);
      };
    });
    await theApi.start();
    // waitReady keeps polling while an exit handler is set: an early exit must end the wait.
    const readyMs = await Promise.race([theApi.waitReady(90_000), exited.then((e) => Promise.reject(new Error(`API exited before it was ready (code ${e.code}, signal ${e.signal}); see the API log`)))]);
    log(`API pid ${theApi.pid} ready after ${seconds(readyMs)}`);
    const readyBefore = await probe(port);
    if (!('status' in readyBefore) || readyBefore.status !== 200) throw new Error(`readiness before the signal is not 200: ${JSON.stringify(readyBefore)}`);

    // One warm-up login: the first argon2 call and the first GraphQL execution are slower.
    const warm: InFlight = { index: -1 };
    await sendLogin(port, agent, warm, 30_000);
    if (!warm.ok) throw new Error(`warm-up login failed: ${warm.failure}`);
    warm.socket?.destroy();
    await sleep(100);
    const sessionsBefore = await apiSessions(dbUrl);

    // The load: every request on its own keep-alive connection, all at once.
    const requests: InFlight[] = Array.from({ length: opts.inFlight }, (_, index) => ({ index }));
    const loadStarted = Date.now();
    const answers = Promise.all(requests.map((r) => sendLogin(port, agent, r, opts.deadlineMs + 5_000)));
    // The signal goes when every request has been written and the server is demonstrably working on
    // them (the first answer is back), so every request has been read by the API, not just queued
    // by the kernel (a connection without a parsed request is idle to Node's server.close()).
    // A machine too busy to answer within 10 s gets the signal anyway.
    const SIGNAL_WAIT_MS = 10_000;
    while (Date.now() - loadStarted < SIGNAL_WAIT_MS && !(requests.every((r) => r.writtenAt !== undefined) && requests.some((r) => r.answeredAt !== undefined))) {
      await sleep(2);
    }
    const signalAt = Date.now();
    const answeredBeforeSignal = requests.filter((r) => r.answeredAt !== undefined).length;
    for (const r of requests) r.answeredBeforeSignal = r.answeredAt !== undefined;
    const writtenBeforeSignal = requests.filter((r) => r.writtenAt !== undefined).length;
    process.kill(theApi.pid!, 'SIGTERM');
    log(`SIGTERM sent ${signalAt - loadStarted} ms after the load began: ${writtenBeforeSignal}/${opts.inFlight} written, ${answeredBeforeSignal} answered`);

    // Readiness and new connections, on fresh sockets every ~20 ms until the process is gone.
    const probes: ProbeResult[] = [];
    const sessions: { at: number; n: number }[] = [];
    const probing = (async () => {
      while (!exit && Date.now() - signalAt < opts.deadlineMs + 2_000) {
        probes.push(await probe(port, 500));
        await sleep(20);
      }
    })();
    const watchingPool = (async () => {
      while (!exit && Date.now() - signalAt < opts.deadlineMs + 2_000) {
        sessions.push({ at: Date.now(), n: await apiSessions(dbUrl).catch(() => -1) });
        await sleep(50);
      }
    })();

    const exitInfo = await Promise.race([exited, sleep(opts.deadlineMs + 2_000).then(() => null)]);
    await Promise.race([answers, sleep(2_000)]);
    await probing;
    await watchingPool;
    await sleep(200); // late 'close' events of sockets the exit ended
    const sessionsAfter = await apiSessions(dbUrl);

    // ---- verdicts
    const failures: string[] = [];
    const inFlight = opts.inFlight - answeredBeforeSignal;
    if (writtenBeforeSignal < opts.inFlight) failures.push(`only ${writtenBeforeSignal} of ${opts.inFlight} requests were written before the signal`);
    if (inFlight < Math.ceil(opts.inFlight * 0.9)) failures.push(`only ${inFlight} requests were still in flight at the signal: the load is too light to show anything`);
    // Completed: the requests still in flight at the signal that got a proper answer.
    const completed = requests.filter((r) => r.ok && !r.answeredBeforeSignal).length;
    const errors = requests.filter((r) => !r.ok);
    if (errors.length > 0) failures.push(`${errors.length} requests did not get a proper GraphQL answer`);

    const firstDown = probes.find((p) => !('status' in p) || p.status !== 200);
    const readyDownMs = firstDown ? firstDown.at - signalAt : null;
    if (readyDownMs === null) failures.push('readiness never went down after the signal');
    else if (readyDownMs > READY_DOWN_MS) failures.push(`readiness still 200 ${readyDownMs} ms after the signal`);
    const downIndex = firstDown ? probes.indexOf(firstDown) : probes.length;
    const readyAgain = probes.slice(downIndex).filter((p) => 'status' in p && p.status === 200).length;
    if (readyAgain > 0) failures.push(`readiness answered 200 again ${readyAgain} times after going down`);
    const firstRefused = probes.findIndex((p) => 'error' in p && p.error === 'ECONNREFUSED');
    const refusedAt = firstRefused >= 0 ? probes[firstRefused]!.at - signalAt : null;
    const acceptedAfterRefusal = firstRefused >= 0 ? probes.slice(firstRefused).filter((p) => !('error' in p && p.error === 'ECONNREFUSED')).length : 0;
    if (firstRefused < 0) failures.push('no new connection was refused before the process exited');
    if (acceptedAfterRefusal > 0) failures.push(`${acceptedAfterRefusal} new connections were not refused after the first refusal`);
    const probeKinds = new Map<string, number>();
    for (const p of probes) {
      const k = 'status' in p ? `HTTP ${p.status}` : p.error;
      probeKinds.set(k, (probeKinds.get(k) ?? 0) + 1);
    }

    const exitAt = exitInfo?.at ?? null;
    const exitMs = exitAt === null ? null : exitAt - signalAt;
    if (!exitInfo) failures.push(`the process did not exit within ${opts.deadlineMs + 2_000} ms of the signal`);
    else {
      if (exitInfo.code !== 0) failures.push(`the process exited with code ${exitInfo.code} signal ${exitInfo.signal}`);
      if (exitMs! > opts.deadlineMs) failures.push(`the process exited ${exitMs} ms after the signal, beyond the ${opts.deadlineMs} ms deadline`);
    }

    // Keep-alive: the finished requests' sockets must be closed by the server, promptly, not at their idle timeout.
    const answered = requests.filter((r) => r.answeredAt !== undefined && r.socket);
    const notClosed = answered.filter((r) => r.socketClosedAt === undefined).length;
    const lateClose = answered.filter((r) => r.socketClosedAt !== undefined && r.socketClosedAt - r.answeredAt! > KEEP_ALIVE_CLOSE_MS);
    const closedOnlyByExit = answered.filter((r) => exitAt !== null && r.socketClosedAt !== undefined && r.socketClosedAt >= exitAt).length;
    const maxCloseDelay = Math.max(0, ...answered.filter((r) => r.socketClosedAt !== undefined).map((r) => r.socketClosedAt! - r.answeredAt!));
    const connectionClose = answered.filter((r) => r.connectionHeader === 'close').length;
    if (notClosed > 0) failures.push(`${notClosed} keep-alive sockets were still open after the exit`);
    if (lateClose.length > 0) failures.push(`${lateClose.length} keep-alive sockets stayed open more than ${KEEP_ALIVE_CLOSE_MS} ms after their answer (max ${maxCloseDelay} ms)`);

    const lastAnswer = Math.max(...requests.map((r) => r.answeredAt ?? 0));
    const poolZero = sessions.find((s) => s.n === 0);
    const peak = Math.max(0, ...sessions.map((s) => s.n));

    console.log('');
    console.log('---- shutdown check ----');
    console.log(`load: ${opts.inFlight} logins on ${opts.inFlight} keep-alive connections; SIGTERM ${signalAt - loadStarted} ms after the first was sent, ${answeredBeforeSignal} answered before it`);
    console.log(`in-flight answers: ${completed} proper GraphQL answers, last ${lastAnswer - signalAt} ms after the signal; ${connectionClose} carried "Connection: close"`);
    const byFailure = new Map<string, { n: number; from: number; to: number }>();
    for (const r of errors) {
      const key = r.failure ?? 'no answer';
      const at = (r.answeredAt ?? Date.now()) - signalAt;
      const g = byFailure.get(key) ?? { n: 0, from: at, to: at };
      byFailure.set(key, { n: g.n + 1, from: Math.min(g.from, at), to: Math.max(g.to, at) });
    }
    for (const [f, g] of byFailure) console.log(`    !! ${g.n} × ${f}, ${g.from}…${g.to} ms after the signal`);
    console.log(`readiness before the signal: 200; after it (new connection every ~20 ms): ${[...probeKinds].map(([k, n]) => `${k} ×${n}`).join(', ') || 'no probe ran'}`);
    console.log(`readiness down ${readyDownMs ?? '—'} ms after the signal; new connections refused from ${refusedAt ?? '—'} ms (${firstRefused >= 0 && refusedAt! < lastAnswer - signalAt ? 'while in-flight requests were still running' : 'after the last answer'})`);
    console.log(`keep-alive sockets: ${answered.length - notClosed}/${answered.length} closed by the server, slowest ${maxCloseDelay} ms after its answer, ${closedOnlyByExit} only at the exit`);
    console.log(
      `database sessions of the API: ${sessionsBefore} before the load, up to ${peak} during the shutdown, ` +
        `${poolZero ? `0 from ${poolZero.at - signalAt} ms after the signal` : 'never 0 while it ran'} (exit at ${exitMs ?? '—'} ms), ${sessionsAfter} after the exit`,
    );
    if (sessionsAfter !== 0) failures.push(`${sessionsAfter} database sessions of the API remain after its exit`);
    console.log(`process: exit code ${exitInfo?.code ?? '—'}${exitInfo?.signal ? ` signal ${exitInfo.signal}` : ''} ${exitMs ?? '—'} ms after the signal (deadline ${opts.deadlineMs} ms)`);
    for (const f of failures) console.log(`!! ${f}`);
    summary =
      `in-flight ${inFlight}, completed ${completed}, errors ${errors.length}, ` +
      `ready→${firstDown ? ('status' in firstDown ? firstDown.status : 'refused') : 'never down'} in ${readyDownMs ?? '—'} ms, ` +
      `exit ${exitInfo?.code ?? 'none'} after ${exitMs ?? '—'} ms${failures.length > 0 ? ` — FAILED (${failures.length})` : ''}`;
    return failures.length === 0 ? 0 : 1;
  } finally {
    agent.destroy();
    await cleanup();
    clearTimeout(hardStop);
    if (summary) console.log(summary);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`shutdown check failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
