// Submission throughput with autocannon: every request is a distinct submission (its own survey
// link and idempotency key), every response is checked (a GraphQL error or a replay does not
// count), and a run whose pool of prepared submissions runs out stops early (its rate still holds).
import autocannon from 'autocannon';
import { r3 } from './round.js';

export interface LoadTarget {
  readonly name: string;
  readonly url: string;
  /** The next request body, or null when the prepared submissions are used up. */
  readonly nextBody: () => string | null;
  /** Whether a response body is a success of this target's operation. */
  readonly ok: (body: string) => boolean;
}

export interface LoadResult {
  readonly target: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requests: number;
  readonly ok: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly mean: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly poolExhausted: boolean;
  readonly failureSample: string | null;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * `latencies`, when given, receives every response's time in ms (autocannon's own figure for it),
 * so that several runs' percentiles can be computed exactly from all their responses together.
 */
export async function runLoad(t: LoadTarget, connections: number, durationSeconds: number, latencies?: number[]): Promise<LoadResult> {
  let ok = 0;
  let failed = 0;
  let sample: string | null = null;
  let exhausted = false;
  let last: string | null = null;
  let instance: autocannon.Instance | null = null;
  const started = Date.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: t.url,
        connections,
        duration: durationSeconds,
        pipelining: 1,
        timeout: 10,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            setupRequest: (req) => {
              const body = exhausted ? null : t.nextBody();
              if (body === null) {
                if (!exhausted) {
                  exhausted = true;
                  setImmediate(() => instance?.stop());
                }
                // Something must be sent until autocannon stops; the repeat fails the check and is not counted.
                return { ...req, body: last ?? '{}' };
              }
              last = body;
              return { ...req, body };
            },
            onResponse: (status, body) => {
              if (status === 200 && t.ok(body)) ok += 1;
              else {
                failed += 1;
                if (!exhausted) sample ??= `HTTP ${status}: ${body.slice(0, 300)}`;
              }
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    if (latencies) (instance as autocannon.Instance).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
  const seconds = (Date.now() - started) / 1000;
  return {
    target: t.name,
    connections,
    seconds: r3(seconds),
    requests: result.requests.total,
    ok,
    failed,
    perSecond: Math.round((ok / seconds) * 10) / 10,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: r3(result.latency.mean) },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    poolExhausted: exhausted,
    failureSample: sample,
  };
}
