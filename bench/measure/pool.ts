// Several load runs (slices) of one target as one figure.
import type { CpuPerRequest } from './cpu.js';
import { type LoadResult, percentile } from './submissions.js';
import { r1, r3 } from './round.js';
import type { WalPerRequest } from './wal.js';

export type Measured = LoadResult & CpuPerRequest & WalPerRequest;

/**
 * One target's slices as one run: counts and time add up, the rate is all successes over all the
 * time, per-request CPU and WAL are weighted by each slice's successes, the machine's busy share by
 * its time, and the latency percentiles are computed from every response of every slice (nearest
 * rank, 0.1 ms).
 */
export function pool(xs: readonly Measured[], latencies: number[]): Measured {
  const sum = (f: (x: Measured) => number) => xs.reduce((a, x) => a + f(x), 0);
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => r1(percentile(sorted, q));
  const ok = sum((x) => x.ok);
  const seconds = sum((x) => x.seconds);
  const weighted = (f: (x: Measured) => number | null, digits: number) => {
    if (ok === 0 || xs.some((x) => f(x) === null)) return null;
    const k = 10 ** digits;
    return Math.round((sum((x) => f(x)! * x.ok) / ok) * k) / k;
  };
  return {
    target: xs[0]!.target,
    connections: xs[0]!.connections,
    seconds: r3(seconds),
    requests: sum((x) => x.requests),
    ok,
    failed: sum((x) => x.failed),
    perSecond: seconds > 0 ? r1(ok / seconds) : 0,
    latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1),
      mean: r3(sorted.reduce((a, x) => a + x, 0) / Math.max(1, sorted.length)) },
    non2xx: sum((x) => x.non2xx),
    errors: sum((x) => x.errors),
    timeouts: sum((x) => x.timeouts),
    poolExhausted: xs.some((x) => x.poolExhausted),
    failureSample: xs.find((x) => x.failureSample !== null)?.failureSample ?? null,
    machineBusy: seconds === 0 || xs.some((x) => x.machineBusy === null) ? null : r3(sum((x) => x.machineBusy! * x.seconds) / seconds),
    serverMs: weighted((x) => x.serverMs, 3),
    postgresMs: weighted((x) => x.postgresMs, 3),
    walRecords: weighted((x) => x.walRecords, 2),
    walFpi: weighted((x) => x.walFpi, 2),
    walBytes: weighted((x) => x.walBytes, 0),
  };
}
