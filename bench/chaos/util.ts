// Small helpers shared by the chaos script: timestamped logging, sleeping, bounded parallelism.

const started = Date.now();

/** Wall-clock time and seconds since the script started, so fault timings can be read off the log. */
export function stamp(at = Date.now()): string {
  const clock = new Date(at).toISOString().slice(11, 23);
  return `${clock} +${((at - started) / 1000).toFixed(1).padStart(6)}s`;
}

export function log(message: string): void {
  console.log(`[${stamp()}] ${message}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Full jitter on an exponential step: spreads the retries of many clients after a shared outage. */
export function backoffMs(attempt: number, baseMs = 100, capMs = 2_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Runs `work` over `items` with at most `limit` in flight; the first error stops new work and is rethrown. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: unknown = null;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (failed === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]!, i);
      } catch (err) {
        failed ??= err;
      }
    }
  });
  await Promise.all(runners);
  if (failed !== null) throw failed;
  return results;
}

/** Prints "label: done/total (rate/s)" at most every two seconds and once at the end. */
export class Progress {
  private readonly startedAt = Date.now();
  private lastPrint = 0;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  tick(count = 1): void {
    this.done += count;
    const now = Date.now();
    if (this.done === this.total || now - this.lastPrint >= 2_000) {
      this.lastPrint = now;
      const rate = this.done / Math.max(0.001, (now - this.startedAt) / 1000);
      log(`${this.label}: ${this.done}/${this.total} (${rate.toFixed(0)}/s)`);
    }
  }
}

/** A command-line flag that must be a positive integer. */
export function positiveInt(name: string, raw: string): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return v;
}

/**
 * Ctrl-C or SIGTERM runs the cleanup (kill the API, drop the database) before exiting; an exit
 * for any other reason at least kills the API child.
 */
export function cleanUpOnExit(cleanup: () => Promise<unknown>, killApi: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  process.once('exit', killApi);
}
