// The API under test as a child process: start, SIGKILL, wait for readiness, and notice when it
// dies without being asked to (a crash on a database restart is one of the things we look for).
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { log, sleep } from './util.js';

/**
 * The API's Node options, as `npm start` and the Dockerfile pass them: after each full collection
 * the heap may grow by 25 %, not by a factor V8 picks up to 4× (under a burst of requests resident
 * memory otherwise climbs on garbage not yet collected). A V8 flag, so not allowed in NODE_OPTIONS.
 */
export const API_NODE_FLAGS = ['--heap-growing-percent=25'] as const;

export interface ApiOptions {
  readonly entry: string;
  readonly cwd: string;
  readonly databaseUrl: string;
  readonly port: number;
  readonly logFile: string;
  /** Overrides of the environment below (the benchmark runs the API in production mode). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface UnexpectedExit {
  readonly at: number;
  readonly pid: number | undefined;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const ANSI = /\x1b\[[0-9;]*m/g;

export class ApiProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly logStream: WriteStream;
  /** Children we SIGKILLed ourselves; any other exit is a finding. */
  private readonly killedByUs = new WeakSet<ChildProcess>();
  /** Exits we did not cause; the run restarts the API and reports them. */
  readonly unexpectedExits: UnexpectedExit[] = [];
  onUnexpectedExit: ((e: UnexpectedExit) => void) | null = null;
  /** First line of each error the API logged with an errorId, with how often it appeared. */
  readonly loggedErrors = new Map<string, number>();
  starts = 0;

  constructor(private readonly opts: ApiOptions) {
    this.logStream = createWriteStream(opts.logFile, { flags: 'a' });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.opts.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Refuses to start while anything else holds the port: the probes and the load would reach it instead. */
  async start(): Promise<void> {
    if (this.child) throw new Error('API already running');
    await assertPortFree(this.opts.port);
    this.starts += 1;
    const child = spawn(process.execPath, [...API_NODE_FLAGS, this.opts.entry], {
      cwd: this.opts.cwd,
      env: {
        ...process.env,
        DATABASE_URL: this.opts.databaseUrl,
        PORT: String(this.opts.port),
        HOST: '127.0.0.1',
        DEMO_SEED: 'false',
        NODE_ENV: 'development',
        DB_POOL_SIZE: '10',
        NO_COLOR: '1',
        ...this.opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop the API ourselves.
      detached: true,
    });
    this.child = child;
    this.logStream.write(`\n===== API start #${this.starts} pid ${child.pid} at ${new Date().toISOString()} =====\n`);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (raw) => this.onLine(raw.replace(ANSI, '')));
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.logStream.write(`===== API pid ${child.pid} exited code=${code} signal=${signal} =====\n`);
        if (this.child === child) this.child = null;
        if (!this.killedByUs.has(child)) {
          const e: UnexpectedExit = { at: Date.now(), pid: child.pid, code, signal };
          this.unexpectedExits.push(e);
          this.onUnexpectedExit?.(e);
        }
        resolve();
      });
    });
  }

  /** The fault: no graceful shutdown, no chance to finish in-flight requests or close the pool. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.killedByUs.add(child);
    child.kill('SIGKILL');
    // SIGKILL cannot be caught, but the wait for its exit event is bounded all the same.
    const exited = await Promise.race([this.exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!exited) throw new Error(`API pid ${child.pid} did not exit within 10 s of SIGKILL`);
  }

  /** Synchronous last resort for process 'exit' handlers. */
  killNow(): void {
    const child = this.child;
    if (!child) return;
    this.killedByUs.add(child);
    child.kill('SIGKILL');
  }

  /** Polls GET /health/ready until 200; throws after `timeoutMs` or if the process dies meanwhile. */
  async waitReady(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      // Only a 200 while our own child is alive counts; a dead child may be restarted by the watchdog.
      if (!this.child && !this.onUnexpectedExit) throw new Error('API exited before it became ready (see the API log)');
      if (this.child && (await probeReady(this.baseUrl)) === 200 && this.child) return Date.now() - started;
      await sleep(100);
    }
    throw new Error(`API not ready after ${timeoutMs} ms`);
  }

  close(): void {
    this.logStream.end();
  }

  private onLine(line: string): void {
    this.logStream.write(`${line}\n`);
    // Errors the format-error hook logged: "errorId=<uuid> <stack>"; the first line says what failed.
    const m = /errorId=[0-9a-f-]+ (.*)$/.exec(line);
    if (m) {
      const key = m[1]!.slice(0, 200);
      this.loggedErrors.set(key, (this.loggedErrors.get(key) ?? 0) + 1);
    } else if (/Postgres pool raised an error|unhandled|uncaught/i.test(line)) {
      const key = line.replace(/^.*?(Postgres pool|unhandled|uncaught)/i, '$1').slice(0, 200);
      this.loggedErrors.set(key, (this.loggedErrors.get(key) ?? 0) + 1);
    }
  }
}

/** Someone else's server on our port would receive the load, and the faults would miss it. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`port ${port} is already in use on 127.0.0.1: pick another with --port`));
    });
    socket.once('error', () => resolve());
    socket.once('timeout', () => {
      socket.destroy();
      resolve();
    });
  });
}

/** One readiness probe: the HTTP status, or 0 when nothing answered within a second. */
export async function probeReady(baseUrl: string): Promise<number> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 1_000);
  try {
    const res = await fetch(`${baseUrl}/health/ready`, { signal: abort.signal });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  } finally {
    clearTimeout(timer);
  }
}

/** Records every change of readiness while the load runs, so each fault's outage can be measured. */
export class ReadinessMonitor {
  readonly changes: { at: number; status: number }[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly baseUrl: string) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      let last = -1;
      while (this.running) {
        const status = await probeReady(this.baseUrl);
        if (last === -1 || (status === 200) !== (last === 200)) this.changes.push({ at: Date.now(), status });
        last = status;
        await sleep(100);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Periods of readiness other than 200 that began within [from, to]. */
  downIntervals(from: number, to: number): { from: number; to: number | null; status: number }[] {
    const out: { from: number; to: number | null; status: number }[] = [];
    let open: { from: number; status: number } | null = null;
    const keep = (o: { from: number; status: number }, end: number | null) => {
      if (o.from >= from && o.from <= to) out.push({ ...o, to: end });
    };
    for (const c of this.changes) {
      if (c.status !== 200 && !open) open = { from: c.at, status: c.status };
      else if (c.status === 200 && open) {
        keep(open, c.at);
        open = null;
      }
    }
    if (open) keep(open, null);
    return out;
  }
}

export function logApiErrors(api: ApiProcess): void {
  if (api.loggedErrors.size === 0) {
    log('API log: no errors logged with an errorId');
    return;
  }
  log('API log: errors logged (first line, count):');
  for (const [line, n] of [...api.loggedErrors.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`    ${String(n).padStart(5)}  ${line}`);
  }
}
