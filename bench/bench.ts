// npm run bench -- [--clients 100000] [--clinics 200] [--scale-fractions 0.1,0.3,1] [--duration 10] [--rounds 5]
//                  [--connections 32,64] [--report-reps 9] [--keep] [--port 3990]
//                  [--batch-slots 2] [--batch-max 16]
//
// Against the PostgreSQL server named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
// in a database of its own (smp_bench_<timestamp>, dropped at the end unless --keep):
//   0. the synthetic registry, loaded with COPY in stages (10 %, 30 %, 100 % of the clients);
//   1. submission throughput of the real submitSurveyResponse over HTTP (autocannon, 32 and 64
//      connections, a distinct survey link per request) against (a) a bare Node http + pg server
//      running the same statements with the same group commit, (b) a no-op GraphQL mutation of the
//      same API (`mutation { __typename }`), (c) PostGraphile v5's generated create mutation; and,
//      for reference, the bare server with one transaction per submission (no group commit); with
//      the CPU each spends per request, in its own process and in PostgreSQL, and the WAL written;
//      the targets take turns in short slices, in rotated order;
//   2. latency of exact outcome reports (RSES_TOTAL, four follow-ups, by CLINIC and by
//      HAIR_LOSS_TYPE) against one hand-written SQL query of the same cells' means/SDs/counts;
//   3. growth of the same reports at each stage;
//   4. peak RSS of the API during 1 and 2;
//   5. the clinic dashboard of the largest clinic against a hand-written SQL anchor.
// Prints one JSON object per measurement on stdout (progress goes to stderr) and a summary table.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { GROUP_COMMIT_DEFAULTS } from '../apps/api/src/database/group-commit.js';
import { snapshotCutoff } from '../libs/reports/src/index.js';
import { PGL_TABLE_SQL } from './anchors/pgl-table.js';
import { ApiProcess, assertPortFree } from './chaos/api-process.js';
import { createDatabase, databaseUrl, dropDatabase } from './chaos/postgres.js';
import { CpuMeter } from './measure/cpu.js';
import { WalMeter } from './measure/wal.js';
import { RssSampler, type RssPeak } from './measure/rss.js';
import {
  type AnchorCell, callGraphql, clearSnapshotAggregates, compareTotals, DASHBOARD_ANCHOR_SQL, DASHBOARD_QUERY, type Grouping, median,
  REPORT_QUERY, reportAnchorSql, timed,
} from './measure/reports.js';
import { ChildServer, graphqlAnswers, readyAnswers } from './measure/servers.js';
import { Session } from './measure/session.js';
import { type Measured, pool } from './measure/pool.js';
import { r1, r3 } from './measure/round.js';
import { type LoadTarget, runLoad } from './measure/submissions.js';
import { type CohortSubmission, loadCohort } from './registry/loader.js';
import { DEFAULT_REGISTRY, loadClients, loadClinics, plan as planRegistry, stageBounds } from './registry/registry.js';
import { positiveInt } from './chaos/util.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
const CLI_ENTRY = join(ROOT, 'dist/apps/cli/src/main.js');
const BARE_ENTRY = join(ROOT, 'dist/bench/anchors/bare-server.js');
const PGL_ENTRY = join(ROOT, 'dist/bench/anchors/postgraphile-server.js');

const ADMIN = { email: 'bench-admin@bench.smp', password: 'bench-admin-password-1' };
const RESEARCHER = { email: 'bench-researcher@bench.smp', password: 'bench-researcher-password-1' };
const STAFF = { email: 'bench-staff@bench.smp', password: 'bench-staff-password-1' };
const SUBMIT = `mutation($input: SubmitSurveyResponseInput!){ submitSurveyResponse(input:$input){ responseId replayed } }`;
const NOOP = `mutation Noop { __typename }`;
const PGL_CREATE = `mutation($input: CreateSurveyResponseInput!){ createSurveyResponse(input:$input){ surveyResponse { rowId } } }`;
const FOLLOW_UPS = ['MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12'];

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
// Each line carries the machine's 1-minute load average when it was written: figures taken while
// other work ran on the machine say so.
const loads: number[] = [];
const emit = (o: Record<string, unknown>) => {
  const load1 = Math.round(loadavg()[0]! * 100) / 100;
  loads.push(load1);
  process.stdout.write(`${JSON.stringify({ ...o, load1 })}\n`);
};

function list(raw: string, name: string): number[] {
  const xs = raw.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x <= 0)) throw new Error(`--${name}: comma-separated positive numbers, got ${raw}`);
  return xs;
}

function options() {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: String(DEFAULT_REGISTRY.clients) },
      clinics: { type: 'string', default: String(DEFAULT_REGISTRY.clinics) },
      seed: { type: 'string', default: String(DEFAULT_REGISTRY.seed) },
      'scale-fractions': { type: 'string', default: '0.1,0.3,1' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32,64' },
      'report-reps': { type: 'string', default: '9' },
      rounds: { type: 'string', default: '5' },
      'pool-size': { type: 'string', default: process.env['DB_POOL_SIZE'] ?? '10' },
      'rate-cap': { type: 'string', default: '4000' },
      // The API's group commit of survey-link submissions (SUBMISSION_BATCH_SLOTS / _MAX), and the
      // bare anchor's: always the same.
      'batch-slots': { type: 'string', default: String(GROUP_COMMIT_DEFAULTS.slots) },
      'batch-max': { type: 'string', default: String(GROUP_COMMIT_DEFAULTS.maxBatch) },
      port: { type: 'string', default: '3990' },
      'database-url': { type: 'string', default: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      keep: { type: 'boolean', default: false },
    },
  });
  const fractions = list(values['scale-fractions'], 'scale-fractions');
  if (fractions.some((f) => f > 1)) throw new Error('--scale-fractions are fractions of the registry, at most 1');
  return {
    clients: positiveInt('clients', values.clients),
    clinics: positiveInt('clinics', values.clinics),
    seed: positiveInt('seed', values.seed),
    fractions,
    duration: positiveInt('duration', values.duration),
    warmup: positiveInt('warmup', values.warmup),
    connections: list(values.connections, 'connections').map(Math.round),
    reportReps: positiveInt('report-reps', values['report-reps']),
    rounds: positiveInt('rounds', values.rounds),
    poolSize: positiveInt('pool-size', values['pool-size']),
    rateCap: positiveInt('rate-cap', values['rate-cap']),
    batchSlots: positiveInt('batch-slots', values['batch-slots']),
    batchMax: positiveInt('batch-max', values['batch-max']),
    port: positiveInt('port', values.port),
    serverUrl: values['database-url'],
    keep: values.keep,
  };
}

type Options = ReturnType<typeof options>;

function createAdmin(dbUrl: string): Promise<void> {
  return new Promise((res, rej) => {
    execFile(process.execPath, [CLI_ENTRY, 'create-admin', '--email', ADMIN.email, '--password', ADMIN.password, '--name', 'Bench admin'],
      { cwd: ROOT, timeout: 180_000, env: { ...process.env, DATABASE_URL: dbUrl, DEMO_SEED: 'false', NO_COLOR: '1' } },
      (err, stdout, stderr) => (err ? rej(new Error(`create-admin failed: ${err.message}\n${stdout}${stderr}`)) : res()));
  });
}

interface ReportFigure {
  readonly grouping: Grouping;
  readonly fraction: number;
  /** Median of the measured runs, or the time to the first failure. */
  readonly apiMs: number;
  readonly anchorMs: number;
  /** The first call, which built the scale's kept snapshot aggregate (null if it failed). */
  readonly buildMs: number | null;
  readonly error: string | null;
}

async function main(): Promise<void> {
  const o = options();
  for (const f of [API_ENTRY, CLI_ENTRY, BARE_ENTRY, PGL_ENTRY]) if (!existsSync(f)) throw new Error(`${f} missing: run npm run build first`);
  for (const p of [o.port, o.port + 1, o.port + 2, o.port + 3]) await assertPortFree(p);
  const runId = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `smp_bench_${runId}`;
  const dbUrl = databaseUrl(o.serverUrl, dbName);
  const logDir = mkdtempSync(join(tmpdir(), 'smp-bench-'));
  log(`database ${dbName} on ${new URL(o.serverUrl).host}; logs in ${logDir}`);
  const poolEnv = { DB_POOL_SIZE: String(o.poolSize), GRAPHILE_ENV: 'production' };
  const groupEnv = { SUBMISSION_BATCH_SLOTS: String(o.batchSlots), SUBMISSION_BATCH_MAX: String(o.batchMax) };

  let api: ApiProcess | null = null;
  const children: ChildServer[] = [];
  let db: pg.Client | null = null;
  let created = false;
  const cleanup = async () => {
    for (const c of children) await c.stop().catch(() => c.killNow());
    if (api) {
      api.onUnexpectedExit = null;
      await api.kill().catch(() => undefined);
      api.close();
    }
    await db?.end().catch(() => undefined);
    if (created && !o.keep) {
      await dropDatabase(o.serverUrl, dbName).then(() => log(`dropped ${dbName}`), (e: unknown) => log(`could not drop ${dbName}: ${String(e)}`));
    } else if (created) log(`kept database ${dbUrl}`);
  };
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => void cleanup().finally(() => process.exit(130)));
  process.once('exit', () => {
    api?.killNow();
    for (const c of children) c.killNow();
  });

  const summary: { row: string[] }[] = [];
  const row = (...cells: (string | number)[]) => summary.push({ row: cells.map(String) });
  try {
    // ---- database, schema, registry plan
    await createDatabase(o.serverUrl, dbName);
    created = true;
    await createAdmin(dbUrl);
    db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const [{ version }] = (await db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)).rows as [{ version: string }];
    const plan = planRegistry({ clinics: o.clinics, clients: o.clients, seed: o.seed, years: DEFAULT_REGISTRY.years });
    const cutoff = snapshotCutoff(new Date());
    const t0 = Date.now();
    await loadClinics(dbUrl, plan);
    emit({ measurement: 'environment', node: process.version, postgres: version, cpus: (await import('node:os')).cpus().length,
      poolSize: o.poolSize, clients: o.clients, clinics: o.clinics, seed: o.seed, snapshotCutoff: cutoff.toISOString(),
      registryEventsBefore: new Date(plan.end).toISOString(), largestClinic: plan.largestClinic.id });

    // ---- the API under test (production mode, bench secrets)
    api = new ApiProcess({
      entry: API_ENTRY, cwd: ROOT, databaseUrl: dbUrl, port: o.port, logFile: join(logDir, 'api.log'),
      env: {
        // No background snapshot builds: the benchmark measures the build on its own (and nothing
        // else may run during the submission measurements).
        ...poolEnv, ...groupEnv, NODE_ENV: 'production', MIGRATE_ON_START: 'false', LOG_LEVEL: 'warn', REPORT_SNAPSHOT_PREBUILD_MINUTES: '0',
        JWT_SECRET: randomBytes(32).toString('hex'), CLINIC_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
        CONTACT_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`, SURVEY_BASE_URL: 'https://survey.example.org',
      },
    });
    const theApi = api;
    // An exit we did not cause (e.g. out of memory on a report) is a finding: logged, reported, and the
    // API is started again so the remaining measurements still run.
    theApi.onUnexpectedExit = (e) => {
      log(`!! the API exited by itself (code ${e.code}, signal ${e.signal}); see ${join(logDir, 'api.log')}`);
      emit({ measurement: 'api_exit', code: e.code, signal: e.signal, at: new Date(e.at).toISOString() });
      if (theApi.unexpectedExits.length <= 5) {
        theApi.start().then(() => theApi.waitReady(120_000)).then(
          () => log(`API restarted as pid ${theApi.pid}`),
          (err: unknown) => log(`!! API not restarted: ${String(err)}`),
        );
      }
    };
    await theApi.start();
    log(`API pid ${theApi.pid} ready after ${await theApi.waitReady(120_000)} ms`);
    const admin = new Session(theApi.baseUrl, ADMIN.email, ADMIN.password);
    for (const [acct, role, clinicId] of [[RESEARCHER, 'RESEARCHER', null], [STAFF, 'CLINIC_STAFF', plan.largestClinic.id]] as const) {
      await admin.call('createStaffAccount', `mutation($input: CreateStaffAccountInput!){ createStaffAccount(input:$input){ id } }`, {
        input: { email: acct.email, password: acct.password, displayName: `Bench ${role.toLowerCase()}`, role, clinicId },
      });
    }
    const researcher = new Session(theApi.baseUrl, RESEARCHER.email, RESEARCHER.password);
    const staff = new Session(theApi.baseUrl, STAFF.email, STAFF.password);

    // ---- 0 + 2 + 3: load in stages; measure the reports at each stage
    const bounds = stageBounds(o.clients, o.fractions);
    const reports: ReportFigure[] = [];
    let loaded = 0;
    let totalRows = plan.clinicRows.length + plan.staffRows.length;
    let loadSeconds = (Date.now() - t0) / 1000;
    let reportRss: RssPeak | null = null;
    let responses = 0;
    for (const bound of bounds) {
      const fraction = bound / o.clients;
      log(`loading clients ${loaded}…${bound} (${(fraction * 100).toFixed(0)} % of the registry)`);
      const s = await loadClients(dbUrl, plan, loaded, bound, (done, rows) => log(`  ${done}/${bound - loaded} clients, ${rows} rows`));
      loaded = bound;
      const checkpointSeconds = await checkpoint(db);
      totalRows += s.totalRows;
      responses += s.responses;
      loadSeconds += s.copySeconds + s.vacuumSeconds;
      emit({ measurement: 'generator', fraction: r3(fraction), clients: s.clients, rows: s.rows, totalRows: s.totalRows, responses: s.responses,
        copySeconds: r3(s.copySeconds), vacuumAnalyzeSeconds: r3(s.vacuumSeconds), checkpointSeconds: r3(checkpointSeconds), rowsPerSecond: Math.round(s.rowsPerSecond),
        rowsPerSecondWithVacuum: Math.round(s.totalRows / (s.copySeconds + s.vacuumSeconds)) });
      const last = bound === o.clients;
      const rss = last ? new RssSampler(theApi.pid!) : null;
      rss?.start();
      for (const grouping of ['CLINIC', 'HAIR_LOSS_TYPE'] as const) {
        await theApi.waitReady(120_000).catch(() => undefined); // after a crash, the restarted API
        reports.push(await measureReport(o, theApi.baseUrl, researcher, db, grouping, fraction, cutoff));
      }
      if (rss) reportRss = rss.stop();
    }
    emit({ measurement: 'generator_total', clients: o.clients, clinics: o.clinics, rows: totalRows, responses, seconds: r3(loadSeconds),
      rowsPerSecond: Math.round(totalRows / loadSeconds) });
    row('generator', `${totalRows} rows (${responses} responses) in ${loadSeconds.toFixed(1)} s`, `${Math.round(totalRows / loadSeconds)} rows/s`, 'minutes, not hours', loadSeconds < 1800 ? 'met' : 'MISSED');

    for (const r of reports.filter((x) => x.fraction === 1)) {
      const ratio = r.apiMs / r.anchorMs;
      row(`report RSES_TOTAL by ${r.grouping} (100 %)`, r.error ? `API failed after ${r.apiMs.toFixed(0)} ms` : `API ${r.apiMs.toFixed(0)} ms`,
        `anchor ${r.anchorMs.toFixed(0)} ms, ×${ratio.toFixed(2)}`, '≤ 1.5 × anchor', !r.error && ratio <= 1.5 ? 'met' : 'MISSED');
    }
    for (const grouping of ['CLINIC', 'HAIR_LOSS_TYPE'] as const) {
      const mine = reports.filter((r) => r.grouping === grouping);
      row(`snapshot aggregate build (RSES_TOTAL, first report by ${grouping})`,
        mine.map((r) => `${(r.fraction * 100).toFixed(0)}%: ${r.buildMs === null ? '—' : `${r.buildMs.toFixed(0)} ms`}`).join(', '),
        mine.map((r) => `anchor ${r.anchorMs.toFixed(0)} ms`).join(', '), 'once per scale, month and data version', '—');
    }
    const smallest = Math.min(...reports.map((r) => r.fraction));
    for (const grouping of ['CLINIC', 'HAIR_LOSS_TYPE'] as const) {
      const at = (f: number) => reports.find((r) => r.grouping === grouping && r.fraction === f)!;
      const points = reports.filter((r) => r.grouping === grouping).map((r) => ({ fraction: r3(r.fraction), apiMs: r1(r.apiMs), anchorMs: r1(r.anchorMs) }));
      const mine = reports.filter((r) => r.grouping === grouping);
      const anyFailed = mine.some((r) => r.error !== null);
      const growth = at(1).apiMs / at(smallest).apiMs;
      emit({ measurement: 'growth', report: `RSES_TOTAL by ${grouping}`, points: mine.map((r) => ({ ...points.find((p) => p.fraction === r3(r.fraction)), failed: r.error !== null })),
        apiGrowth: anyFailed ? null : r3(growth), anchorGrowth: r3(at(1).anchorMs / at(smallest).anchorMs),
        target: `100 % ≤ 1.5 × ${(smallest * 100).toFixed(0)} %`, met: !anyFailed && growth <= 1.5 });
      row(`growth by ${grouping}`, mine.map((r) => `${(r.fraction * 100).toFixed(0)}%: ${r.error ? 'failed' : `${r.apiMs.toFixed(0)} ms`}`).join(', '),
        anyFailed ? 'API failed at some size' : `×${growth.toFixed(2)} (anchor ×${(at(1).anchorMs / at(smallest).anchorMs).toFixed(2)})`,
        `100 % ≤ 1.5 × ${(smallest * 100).toFixed(0)} %`, !anyFailed && growth <= 1.5 ? 'met' : 'MISSED');
    }
    if (reportRss) emit({ measurement: 'memory', phase: 'reports (100 %)', process: 'api', ...reportRss, target: '< 300 MB', met: (reportRss.peakMb ?? Infinity) < 300 });

    // ---- 5: clinic dashboard of the largest clinic
    await theApi.waitReady(120_000).catch(() => undefined);
    const dashRss = new RssSampler(theApi.pid!);
    dashRss.start();
    const dash = await measureDashboard(o, theApi.baseUrl, staff, db, plan.largestClinic.id, cutoff);
    const dashPeak = dashRss.stop();
    emit({ measurement: 'memory', phase: 'dashboard', process: 'api', ...dashPeak });
    row('clinic dashboard (largest clinic)', dash.apiMs === null ? `API failed: ${dash.error}` : `API ${dash.apiMs.toFixed(0)} ms`, `anchor ${dash.anchorMs.toFixed(0)} ms${dash.apiMs === null ? '' : `, ×${(dash.apiMs / dash.anchorMs).toFixed(2)}`}`,
      '≤ 1.5 × anchor (as reports)', dash.apiMs !== null && dash.apiMs / dash.anchorMs <= 1.5 ? 'met' : 'MISSED');

    // ---- 1: submission throughput, on a freshly started API process (its memory then shows this
    // phase alone, not what the reports left in its heap)
    await theApi.kill();
    await theApi.start();
    log(`API restarted for the submissions: pid ${theApi.pid}, ready after ${await theApi.waitReady(120_000)} ms`);
    const runs = o.connections.length;
    const perTarget = (o.warmup + runs * o.duration) * o.rateCap;
    log(`preparing ${3 * perTarget} open surveys with links (API and the two bare anchors, ${perTarget} each)`);
    const cohort = await loadCohort(dbUrl, plan, 3 * perTarget, o.seed);
    const pglStarted = Date.now();
    for (const sql of PGL_TABLE_SQL) await db.query(sql);
    log(`PostGraphile anchor's table filled with a copy of the registry's responses in ${((Date.now() - pglStarted) / 1000).toFixed(1)} s`);
    await checkpoint(db);
    const apiQueue = cohort.slice(0, perTarget);
    const bareQueue = cohort.slice(perTarget, 2 * perTarget);
    const bareOneQueue = cohort.slice(2 * perTarget);
    const submitBody = (s: CohortSubmission) =>
      JSON.stringify({ query: SUBMIT, variables: { input: { token: s.token, idempotencyKey: `bench-${s.assignmentId}`, answers: s.answers } } });
    const queue = (items: CohortSubmission[]) => {
      let i = 0;
      return () => (i < items.length ? submitBody(items[i++]!) : null);
    };
    const acknowledgedIds: string[] = [];
    const submitted = (body: string) => {
      if (!body.includes('"submitSurveyResponse":{') || !body.includes('"replayed":false') || body.includes('"errors"')) return false;
      const id = /"responseId":"([0-9a-f-]{36})"/.exec(body)?.[1];
      if (id) acknowledgedIds.push(id);
      return id !== undefined;
    };
    const sample = cohort[0]!;
    const noopBody = JSON.stringify({ query: NOOP, variables: { input: { token: sample.token, idempotencyKey: `bench-${sample.assignmentId}`, answers: sample.answers } } });
    let pglI = 0;
    const pglBody = () => {
      const s = cohort[pglI++ % cohort.length]!;
      const answers = Object.fromEntries(s.answers.map((a) => [a.itemCode, a.value]));
      return JSON.stringify({ query: PGL_CREATE, variables: { input: { surveyResponse: {
        clinicId: s.clinicId, rowId: randomUUID(), assignmentId: randomUUID(), clientId: randomUUID(), instrumentVersionId: '00000000-0000-4000-8000-000000000101',
        timePoint: 'BASELINE', answers, source: 'WEB', idempotencyKey: `bench-${randomUUID()}`, payloadHash: 'f'.repeat(64), submittedAt: new Date().toISOString(),
      } } } });
    };
    const bare = new ChildServer('bare anchor', BARE_ENTRY, o.port + 1, { ...poolEnv, ...groupEnv, DATABASE_URL: dbUrl }, join(logDir, 'bare.log'));
    const pgl = new ChildServer('postgraphile anchor', PGL_ENTRY, o.port + 2, { ...poolEnv, DATABASE_URL: dbUrl }, join(logDir, 'postgraphile.log'));
    // One transaction per submission, up to the pool size at once: the write path without group commit.
    const bareOne = new ChildServer('bare anchor, one transaction per submission', BARE_ENTRY, o.port + 3,
      { ...poolEnv, SUBMISSION_BATCH_SLOTS: String(o.poolSize), SUBMISSION_BATCH_MAX: '1', DATABASE_URL: dbUrl }, join(logDir, 'bare-single.log'));
    children.push(bare, pgl, bareOne);
    log(`bare anchor ready after ${await bare.start(readyAnswers)} ms; postgraphile after ${await pgl.start(graphqlAnswers)} ms; ` +
      `single-transaction bare after ${await bareOne.start(readyAnswers)} ms`);
    const targets: Record<string, LoadTarget & { pid: number | undefined }> = {
      api: { name: 'api submitSurveyResponse', url: theApi.baseUrl, nextBody: queue(apiQueue), ok: submitted, pid: theApi.pid },
      bare: { name: '(a) bare http + pg, same SQL, same group commit', url: bare.baseUrl, nextBody: queue(bareQueue), ok: submitted, pid: bare.pid },
      bare1: { name: '(a, for reference) bare http + pg, one transaction per submission', url: bareOne.baseUrl, nextBody: queue(bareOneQueue), ok: submitted, pid: bareOne.pid },
      noop: { name: '(b) API no-op mutation { __typename }', url: theApi.baseUrl, nextBody: () => noopBody, ok: (b) => b.includes('"__typename":"Mutation"'), pid: theApi.pid },
      pgl: { name: '(c) PostGraphile 5 createSurveyResponse', url: pgl.baseUrl, nextBody: pglBody, ok: (b) => b.includes('"rowId"') && !b.includes('"errors"'), pid: pgl.pid },
    };
    const apiRss = new RssSampler(theApi.pid!);
    apiRss.start();
    for (const [key, t] of Object.entries(targets)) {
      log(`warm-up ${key}: ${o.warmup} s at ${o.connections[0]} connections`);
      await runLoad(t, o.connections[0]!, o.warmup);
    }
    // Each target's measured time at a connection count is split into `rounds` slices, and the
    // targets take turns slice by slice, each round in an order rotated by one, so that no target
    // always runs first after the checkpoint (whose full-page images make the first writes to every
    // page dearer) and with as many rounds as targets (five, the default) each takes every position once (the
    // cyclic order, and so each target's neighbours, stays). A target's figure pools its slices.
    const results: Record<string, Measured[]> = { api: [], bare: [], bare1: [], noop: [], pgl: [] };
    const runPeaks: Record<string, number[]> = { api: [], noop: [] };
    const keys = Object.keys(targets);
    const slice = o.duration / o.rounds;
    for (const c of o.connections) {
      const slices: Record<string, Measured[]> = Object.fromEntries(keys.map((k) => [k, []]));
      const latencies: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
      for (let round = 0; round < o.rounds; round++) {
        const order = keys.map((_, i) => keys[(i + round) % keys.length]!);
        log(`round ${round + 1}/${o.rounds} at ${c} connections, ${slice} s each: ${order.join(', ')}`);
        for (const key of order) {
          const t = targets[key]!;
          // The API's own peak RSS per run of its two targets (high-water mark reset before the run).
          const runRss = key === 'api' || key === 'noop' ? new RssSampler(theApi.pid!, false) : null;
          runRss?.start();
          const exitsBefore = theApi.unexpectedExits.length;
          const cpu = new CpuMeter(t.pid, dbName);
          const wal = new WalMeter(db);
          await wal.start();
          cpu.start();
          const load = await runLoad(t, c, slice, latencies[key]);
          const r: Measured = { ...load, ...cpu.stop(load.ok), ...(await wal.stop(load.ok)) };
          const disturbed = theApi.unexpectedExits.length !== exitsBefore;
          if (disturbed) log(`!! the API exited during this run: its figures are not valid`);
          const peak = runRss?.stop() ?? null;
          if (peak?.peakMb != null) runPeaks[key]!.push(peak.peakMb);
          slices[key]!.push(r);
          emit({ measurement: 'submissions-slice', key, round: round + 1, position: order.indexOf(key) + 1, ...r,
            ...(peak ? { apiPeakRssMb: peak.peakMb } : {}), ...(disturbed ? { invalid: 'the API exited during the run' } : {}) });
        }
      }
      for (const key of keys) {
        const pooled = pool(slices[key]!, latencies[key]!);
        results[key]!.push(pooled);
        emit({ measurement: 'submissions', key, ...pooled, slices: o.rounds,
          slicePerSecond: slices[key]!.map((x) => x.perSecond), sliceP99Ms: slices[key]!.map((x) => x.latencyMs.p99) });
      }
    }
    const phasePeak = apiRss.stop();
    const maxOf = (...xs: (number | null)[]) => Math.max(...xs.filter((x): x is number => x !== null));
    const subPeak: RssPeak = { ...phasePeak, peakMb: maxOf(phasePeak.peakMb, phasePeak.sampledMaxMb, ...runPeaks['api']!, ...runPeaks['noop']!) };
    const submitOnly = runPeaks['api']!.length > 0 ? Math.max(...runPeaks['api']!) : null;
    emit({ measurement: 'memory', phase: 'submissions (all runs incl. warm-ups and the no-op)', process: 'api', ...subPeak,
      submitRunsPeakMb: submitOnly, noopRunsPeakMb: runPeaks['noop']!.length > 0 ? Math.max(...runPeaks['noop']!) : null,
      target: '< 300 MB', met: (subPeak.peakMb ?? Infinity) < 300 });

    // Every acknowledged submission (warm-ups included) is in the database: the response ids the
    // API and the bare anchors answered with, looked up. (Requests still in flight when a run stops
    // may be stored without an answer counted; they are the difference to the total.)
    const [stored] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM survey_response WHERE idempotency_key LIKE 'bench-%'`)).rows;
    const [found] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM survey_response WHERE id = ANY($1::uuid[])`, [acknowledgedIds])).rows;
    const distinctAcks = new Set(acknowledgedIds).size;
    const storedOk = found!.n === acknowledgedIds.length && distinctAcks === acknowledgedIds.length;
    emit({ measurement: 'submissions_stored', stored: stored!.n, acknowledged: acknowledgedIds.length, acknowledgedDistinct: distinctAcks,
      acknowledgedFound: found!.n, met: storedOk, note: 'API + both bare anchors, warm-ups included' });

    for (const [i, c] of o.connections.entries()) {
      const a = results['api']![i]!;
      const b = results['bare']![i]!;
      const n = results['noop']![i]!;
      const p = results['pgl']![i]!;
      const b1 = results['bare1']![i]!;
      row(`submissions/s @${c} (${o.rounds} rotated slices)`, `API ${a.perSecond} (p99 ${a.latencyMs.p99} ms)`,
        `bare ${b.perSecond} (one tx each: ${b1.perSecond}), no-op ${n.perSecond}, PostGraphile ${p.perSecond}`,
        '≥ 60 % of bare', a.perSecond >= 0.6 * b.perSecond ? `met (${((a.perSecond / b.perSecond) * 100).toFixed(0)} %)` : `MISSED (${((a.perSecond / b.perSecond) * 100).toFixed(0)} %)`);
      row(`submissions/s @${c} vs PostGraphile`, `API ${a.perSecond}`, `PostGraphile ${p.perSecond} (p99 ${p.latencyMs.p99} ms)`, '≥ PostGraphile', a.perSecond >= p.perSecond ? 'met' : 'MISSED');
      if (c === 32) row('submission p99 @32', `${a.latencyMs.p99} ms`, `bare ${b.latencyMs.p99} ms, PostGraphile ${p.latencyMs.p99} ms`, '< 50 ms', a.latencyMs.p99 < 50 ? 'met' : 'MISSED');
      const ms = (x: Measured) => `${x.serverMs ?? '?'} + ${x.postgresMs ?? '?'}${x.machineBusy === null ? '' : ` (machine ${Math.round(x.machineBusy * 100)} % busy)`}`;
      row(`CPU ms per request @${c} (process + PostgreSQL)`, `API ${ms(a)}`, `bare ${ms(b)}, one tx each ${ms(b1)}, PostGraphile ${ms(p)}`, '(context, not a target)', '—');
      const w = (x: Measured) => `${x.walBytes ?? '?'} B (${x.walFpi ?? '?'} page images)`;
      row(`WAL per request @${c}`, `API ${w(a)}`, `bare ${w(b)}, one tx each ${w(b1)}, PostGraphile ${w(p)}`, '(context, not a target)', '—');
    }
    row('acknowledged submissions stored', `${found!.n} of ${acknowledgedIds.length} found`, `API and anchor (a), warm-ups included; ${stored!.n} stored in all`,
      'every acknowledged one stored', storedOk ? 'met' : 'MISSED');
    for (const [phase, peak] of [['reports', reportRss], ['submissions', subPeak], ['dashboard', dashPeak]] as const) {
      if (!peak) continue;
      const detail = phase === 'submissions'
        ? `submit runs ${submitOnly} MB, no-op runs ${runPeaks['noop']!.length ? Math.max(...runPeaks['noop']!) : '—'} MB`
        : `sampled max ${peak.sampledMaxMb} MB`;
      row(`API peak RSS (${phase})`, `${peak.peakMb} MB`, detail, phase === 'dashboard' ? '(not a target)' : '< 300 MB',
        phase === 'dashboard' ? '—' : (peak.peakMb ?? Infinity) < 300 ? 'met' : 'MISSED');
    }
    row('machine load (1-min average)', `${Math.min(...loads)}–${Math.max(...loads)} at the measurements`, `${loadavg()[0]!.toFixed(2)} now`, 'other work on the machine disturbs every figure', '—');
    printSummary(summary.map((s) => s.row));
    if (theApi.unexpectedExits.length > 0) log(`!! the API exited by itself ${theApi.unexpectedExits.length} time(s) during the run`);
    if (theApi.loggedErrors.size > 0) log(`API logged errors: ${[...theApi.loggedErrors.entries()].map(([k, v]) => `${v}× ${k}`).join(' | ').slice(0, 2000)}`);
  } finally {
    await cleanup();
  }
}

/**
 * A bulk load leaves its pages dirty; the checkpointer would write them out during the next
 * measurements and slow every commit there (a report's audit row included). Written out now, so
 * each measurement sees the server as a quiet registry would. Needs superuser or pg_checkpoint.
 */
async function checkpoint(db: pg.Client): Promise<number> {
  const started = Date.now();
  await db.query('CHECKPOINT').catch((e: unknown) => log(`CHECKPOINT refused (${e instanceof Error ? e.message : String(e)}): the load's write-back may overlap the measurements`));
  return (Date.now() - started) / 1000;
}

async function measureReport(o: Options, baseUrl: string, researcher: Session, db: pg.Client, grouping: Grouping, fraction: number, cutoff: Date): Promise<ReportFigure> {
  const input = { instrumentKey: 'RSES', scaleKey: 'RSES_TOTAL', timePoints: FOLLOW_UPS, groupBy: [grouping] };
  const anchorSql = reportAnchorSql(grouping);
  const anchor = () => db.query<AnchorCell>(anchorSql, [cutoff, 'RSES', 'RSES_TOTAL', FOLLOW_UPS, 1]);
  const report = async () => callGraphql(baseUrl, REPORT_QUERY, { input }, await researcher.fresh());
  // First the API's call that builds the scale's kept snapshot aggregate (the one pass over the
  // registry a scale needs per month and data version; measured on its own), then alternating
  // measured calls, each computing the report from the kept aggregate (what every other question of
  // the month costs; finished reports are not cached).
  const apiMs: number[] = [];
  const anchorMs: number[] = [];
  let last: Record<string, unknown> | null = null;
  let anchorRows: AnchorCell[] = (await anchor()).rows;
  const rebuilt = await clearSnapshotAggregates(db);
  let error: string | null = null;
  const failed = (e: unknown) => {
    error = (e instanceof Error ? e.message : String(e)).slice(0, 400);
    return null;
  };
  const first = await timed(report).catch(failed);
  const buildMs = rebuilt && first ? first.ms : null;
  for (let i = 0; i < o.reportReps; i++) {
    const a = await timed(anchor);
    anchorMs.push(a.ms);
    anchorRows = a.value.rows;
    if (error !== null) continue; // the API failed once (e.g. its statement timeout): one failure is the figure
    const r = await timed(report).catch(failed);
    if (r) {
      apiMs.push(r.ms);
      last = r.value;
    }
  }
  const check = last ? compareTotals(last, anchorRows) : { agrees: false, detail: 'no API result to compare' };
  const cells = last ? (last['outcomeReport'] as { cells: { suppressed: boolean }[] }).cells : null;
  // A failed report counts as its time to failure (e.g. the 30 s timeout): a lower bound.
  const apiMedian = apiMs.length > 0 ? median(apiMs) : null;
  const figure: ReportFigure = { grouping, fraction, apiMs: apiMedian ?? first?.ms ?? NaN, anchorMs: median(anchorMs), buildMs, error };
  emit({ measurement: 'report', report: `RSES_TOTAL MONTH_1..MONTH_12 by ${grouping}`, fraction: r3(fraction), reps: apiMs.length,
    apiMs: apiMedian === null ? null : r1(apiMedian), anchorMs: r1(figure.anchorMs), ratio: apiMedian === null ? null : r3(apiMedian / figure.anchorMs),
    snapshotBuildMs: buildMs === null ? null : r1(buildMs), snapshotBuildRatio: buildMs === null ? null : r3(buildMs / figure.anchorMs),
    apiRunsMs: apiMs.map(r1), anchorRunsMs: anchorMs.map(r1),
    cells: cells?.length ?? null, suppressed: cells ? cells.filter((c) => c.suppressed).length : null,
    anchorCells: anchorRows.length, anchorAgrees: check.agrees, check: check.detail, error,
    target: '≤ 1.5 × anchor', met: apiMedian !== null && apiMedian / figure.anchorMs <= 1.5 });
  log(`report by ${grouping} at ${(fraction * 100).toFixed(0)} %: API ${apiMedian === null ? `failed (${error})` : `${apiMedian.toFixed(0)} ms`}, anchor ${figure.anchorMs.toFixed(0)} ms, snapshot build ${buildMs?.toFixed(0) ?? '—'} ms`);
  return figure;
}

async function measureDashboard(o: Options, baseUrl: string, staff: Session, db: pg.Client, clinicId: string, cutoff: Date) {
  const anchor = () => db.query(DASHBOARD_ANCHOR_SQL, [clinicId, cutoff, new Date()]);
  const call = async () => callGraphql(baseUrl, DASHBOARD_QUERY, {}, await staff.fresh());
  await anchor();
  let error: string | null = null;
  const t0 = Date.now();
  // The first call builds the kept snapshot aggregates of the scales no report has read yet.
  await call().catch((e: unknown) => (error = String(e).slice(0, 300)));
  const firstCallMs = Date.now() - t0;
  const failedAfterMs = error === null ? null : firstCallMs;
  const apiMs: number[] = [];
  const anchorMs: number[] = [];
  let last: Record<string, unknown> | null = null;
  for (let i = 0; i < o.reportReps && error === null; i++) {
    anchorMs.push((await timed(anchor)).ms);
    const r = await timed(call).catch((e: unknown) => {
      error = String(e).slice(0, 300);
      return null;
    });
    if (r) {
      apiMs.push(r.ms);
      last = r.value;
    }
  }
  if (anchorMs.length === 0) anchorMs.push((await timed(anchor)).ms);
  const d = last?.['clinicDashboard'] as { clients: number; outcomes: { funnel: { peers: unknown[] } }[] } | undefined;
  const anchorRows = (await anchor()).rows.length;
  const apiMedian = apiMs.length > 0 ? median(apiMs) : null;
  const anchorMedian = median(anchorMs);
  emit({ measurement: 'dashboard', clinic: clinicId, clients: d?.clients ?? null, reps: apiMs.length, apiMs: apiMedian === null ? null : r1(apiMedian),
    anchorMs: r1(anchorMedian), ratio: apiMedian === null ? null : r3(apiMedian / anchorMedian), apiRunsMs: apiMs.map(r1), anchorRunsMs: anchorMs.map(r1),
    firstCallMs, outcomes: d?.outcomes.length ?? null, funnelPeers: d?.outcomes[0]?.funnel.peers.length ?? null, anchorRows, error,
    ...(failedAfterMs === null ? {} : { failedAfterMs }) });
  log(`dashboard: API ${apiMedian?.toFixed(0) ?? 'failed'} ms, anchor ${anchorMedian.toFixed(0)} ms`);
  return { apiMs: apiMedian, anchorMs: anchorMedian, error: error === null ? null : `${failedAfterMs === null ? '' : `after ${failedAfterMs} ms: `}${error}` };
}

function printSummary(rows: string[][]): void {
  const head = ['measurement', 'result', 'anchor / detail', 'target', 'verdict'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`);
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});

