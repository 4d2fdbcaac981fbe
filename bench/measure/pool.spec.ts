import { pool, type Measured } from './pool.js';
import { percentile } from './submissions.js';

const slice = (over: Partial<Measured>): Measured => ({
  target: 't', connections: 32, seconds: 2, requests: 100, ok: 100, failed: 0, perSecond: 50,
  latencyMs: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 }, non2xx: 0, errors: 0, timeouts: 0, poolExhausted: false,
  failureSample: null, serverMs: 1, postgresMs: 1, machineBusy: 0.5, walRecords: 1, walFpi: 0, walBytes: 100, ...over,
});

describe('percentile (nearest rank)', () => {
  it('picks the ceil(q·n)-th smallest sample', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 0.5)).toBe(5);
    expect(percentile(xs, 0.9)).toBe(9);
    expect(percentile(xs, 0.99)).toBe(10);
    expect(percentile(xs, 1)).toBe(10);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('pool of slices', () => {
  it('adds counts and time, and rates all successes over all the time', () => {
    const p = pool([slice({ ok: 300, requests: 310, failed: 10, seconds: 2 }), slice({ ok: 100, requests: 100, seconds: 2 })], [1, 2]);
    expect(p.ok).toBe(400);
    expect(p.failed).toBe(10);
    expect(p.requests).toBe(410);
    expect(p.perSecond).toBe(100);
  });

  it('weights per-request CPU and WAL by each slice’s successes, and is null when a slice has none', () => {
    const p = pool([slice({ ok: 300, serverMs: 1, walBytes: 1000 }), slice({ ok: 100, serverMs: 3, walBytes: 0 })], [1]);
    expect(p.serverMs).toBe(1.5);
    expect(p.walBytes).toBe(750);
    expect(pool([slice({ postgresMs: null }), slice({})], [1]).postgresMs).toBeNull();
  });

  it('weights the machine’s busy share by each slice’s time', () => {
    expect(pool([slice({ seconds: 3, machineBusy: 1 }), slice({ seconds: 1, machineBusy: 0.2 })], [1]).machineBusy).toBe(0.8);
  });

  it('computes latency percentiles from every response, not from the slices’ own percentiles', () => {
    // Slice A: 99 fast responses; slice B: one slow one. The slices' p99s (1 and 50) say nothing
    // of the pooled p99 of 100 responses, which is the 99th smallest: still fast.
    const lat = [...Array.from({ length: 99 }, () => 1), 50];
    const p = pool([slice({ latencyMs: { p50: 1, p90: 1, p99: 1, max: 1, mean: 1 } }), slice({ latencyMs: { p50: 50, p90: 50, p99: 50, max: 50, mean: 50 } })], lat);
    expect(p.latencyMs.p99).toBe(1);
    expect(p.latencyMs.max).toBe(50);
    expect(p.latencyMs.mean).toBeCloseTo(1.49, 3);
  });
});
