// The anchor servers as child processes: start, wait until they answer, stop. (The API itself runs
// through bench/chaos/api-process.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { assertPortFree } from '../chaos/api-process.js';
import { sleep } from '../chaos/util.js';

export class ChildServer {
  private child: ChildProcess | null = null;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(probe: (baseUrl: string) => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
    await assertPortFree(this.port);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const started = Date.now();
    const child = spawn(process.execPath, [this.entry], {
      env: { ...process.env, ...this.env, PORT: String(this.port), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    let exited = false;
    child.once('exit', () => (exited = true));
    while (Date.now() - started < timeoutMs) {
      if (exited) throw new Error(`${this.name} exited before it was ready (see ${this.logFile})`);
      if (await probe(this.baseUrl).catch(() => false)) return Date.now() - started;
      await sleep(200);
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms (see ${this.logFile})`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const ok = await Promise.race([gone.then(() => true), sleep(5_000).then(() => false)]);
    if (!ok) {
      child.kill('SIGKILL');
      await gone;
    }
    this.child = null;
  }

  killNow(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** A GraphQL POST of `{ __typename }` answered with data. */
export async function graphqlAnswers(baseUrl: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(2_000),
  });
  return res.ok && (await res.text()).includes('__typename');
}

export async function readyAnswers(baseUrl: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
  await res.arrayBuffer();
  return res.status === 200;
}
