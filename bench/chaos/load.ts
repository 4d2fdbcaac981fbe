// The clients: `concurrency` workers take submissions in order; each one is retried with the same
// idempotency key and answers until the API acknowledges it, refuses it for good, or 5 minutes pass.
// Every TWIN_EVERY-th submission is first sent twice at once (a double tap, or a retry racing the
// original), so the idempotency path is raced on purpose and not only when a fault happens to hit it.
import type { Submission } from './fixture.js';
import { CLIENT_ERROR_CODES, describe, gql, leakedText, type Outcome } from './graphql.js';
import { backoffMs, sleep } from './util.js';

const SUBMIT = `mutation($input: SubmitSurveyResponseInput!){ submitSurveyResponse(input:$input){ responseId replayed } }`;
const GIVE_UP_MS = 5 * 60_000;
const TWIN_EVERY = 10;

export interface Result {
  /** The responseId the API acknowledged (null: acknowledged by CONFLICT/ALREADY_SUBMITTED, which carries no id). */
  ackId?: string | null;
  ackAt?: number;
  replayed?: boolean;
  /** Why we gave up: a permanent error, the 5-minute limit, or the run's deadline. */
  failed?: string;
  attempts: number;
}

export interface LoadStats {
  readonly results: Result[];
  readonly ackTimes: number[];
  /** Failed attempts by phase ("before faults", "after API SIGKILL #1", …) and kind. */
  readonly errorsByPhase: Map<string, Map<string, number>>;
  /** Distinct error texts from the API, with a sample of each. */
  readonly errorSamples: Map<string, number>;
  readonly leaks: string[];
  internalWithoutErrorId: number;
  /** The same key acknowledged twice with different responseIds: idempotency broken. */
  readonly ackIdMismatches: string[];
  /** Submissions sent twice at once; how many pairs both got a receipt; of those, how many answered replayed:true exactly once. */
  twins: { sent: number; bothAcked: number; oneReplayed: number; refusals: string[] };
  settled: number;
  acked: number;
  retries: number;
}

export interface LoadOptions {
  readonly baseUrl: () => string;
  readonly concurrency: number;
  readonly deadline: number;
  /** Lowest submission index that may not start yet (lets pending faults happen under load). */
  readonly gate: () => number;
  readonly phase: () => string;
}

type Verdict = { ack: true; id: string | null; replayed: boolean } | { ack: false; retry: boolean; kind: string };

/** Any failure is retried except the errors the API documents as the caller's mistake. */
function judge(o: Outcome): Verdict {
  switch (o.kind) {
    case 'data': {
      const r = o.data['submitSurveyResponse'] as { responseId: string; replayed: boolean } | null;
      return r ? { ack: true, id: r.responseId, replayed: r.replayed } : { ack: false, retry: true, kind: 'data without receipt' };
    }
    case 'graphql-error':
      // The same key already stored: the API normally answers replayed:true, but either means "done".
      if (o.code === 'CONFLICT' && o.reason === 'ALREADY_SUBMITTED') return { ack: true, id: null, replayed: true };
      if (o.status >= 500 || !CLIENT_ERROR_CODES.has(o.code)) return { ack: false, retry: true, kind: `graphql ${o.code} (HTTP ${o.status})` };
      return { ack: false, retry: false, kind: `graphql ${o.code}${o.reason ? `/${o.reason}` : ''} (HTTP ${o.status})` };
    case 'transport':
      return { ack: false, retry: true, kind: `transport ${o.detail}` };
    case 'http':
      return { ack: false, retry: o.status >= 500, kind: `HTTP ${o.status}` };
  }
}

export function newStats(n: number): LoadStats {
  return {
    results: Array.from({ length: n }, () => ({ attempts: 0 })),
    ackTimes: [],
    errorsByPhase: new Map(),
    errorSamples: new Map(),
    leaks: [],
    internalWithoutErrorId: 0,
    ackIdMismatches: [],
    twins: { sent: 0, bothAcked: 0, oneReplayed: 0, refusals: [] },
    settled: 0,
    acked: 0,
    retries: 0,
  };
}

/** Fills `stats` as it goes, so the fault controller can follow the progress. */
export async function runLoad(submissions: readonly Submission[], opts: LoadOptions, stats: LoadStats): Promise<void> {
  const count = (kind: string) => {
    const phase = opts.phase();
    const m = stats.errorsByPhase.get(phase) ?? new Map<string, number>();
    m.set(kind, (m.get(kind) ?? 0) + 1);
    stats.errorsByPhase.set(phase, m);
  };
  const inspect = (o: Outcome) => {
    if (o.kind === 'data') return;
    const text = describe(o).slice(0, 160);
    stats.errorSamples.set(text, (stats.errorSamples.get(text) ?? 0) + 1);
    if (o.kind !== 'graphql-error') return;
    const leak = leakedText(o.error);
    if (leak && stats.leaks.length < 20) stats.leaks.push(leak);
    if (o.code === 'INTERNAL_SERVER_ERROR' && !o.error.extensions?.errorId) stats.internalWithoutErrorId += 1;
  };

  const submitOne = async (s: Submission) => {
    const result = stats.results[s.index]!;
    const started = Date.now();
    const input = { token: s.token, answers: s.answers, idempotencyKey: s.idempotencyKey };
    for (;;) {
      result.attempts += 1;
      let o: Outcome;
      if (result.attempts === 1 && s.index % TWIN_EVERY === 0) o = await sendTwice(input);
      else o = await gql(opts.baseUrl(), SUBMIT, { input }, { timeoutMs: 5_000 });
      inspect(o);
      const v = judge(o);
      if (v.ack) {
        if (v.id && result.ackId && result.ackId !== v.id) stats.ackIdMismatches.push(`${s.idempotencyKey}: ${result.ackId} then ${v.id}`);
        result.ackId = v.id;
        result.replayed = v.replayed;
        result.ackAt = Date.now();
        stats.ackTimes.push(result.ackAt);
        stats.acked += 1;
        break;
      }
      count(v.kind);
      if (!v.retry) {
        result.failed = `not retriable: ${describe(o)}`;
        break;
      }
      if (Date.now() - started > GIVE_UP_MS || Date.now() > opts.deadline) {
        result.failed = `gave up after ${result.attempts} attempts; last: ${describe(o)}`;
        break;
      }
      stats.retries += 1;
      await sleep(backoffMs(result.attempts - 1));
    }
    stats.settled += 1;
  };

  /** Both copies at once; returns the first copy's outcome for the normal path and checks the pair. */
  const sendTwice = async (input: Record<string, unknown>): Promise<Outcome> => {
    stats.twins.sent += 1;
    const [a, b] = await Promise.all([0, 1].map(() => gql(opts.baseUrl(), SUBMIT, { input }, { timeoutMs: 5_000 })));
    inspect(b!);
    const [va, vb] = [judge(a!), judge(b!)];
    if (va.ack && vb.ack) {
      stats.twins.bothAcked += 1;
      if (va.replayed !== vb.replayed) stats.twins.oneReplayed += 1;
      if (va.id && vb.id && va.id !== vb.id) stats.ackIdMismatches.push(`${String(input['idempotencyKey'])}: twins got ${va.id} and ${vb.id}`);
    }
    // A refusal of either copy (other than a retriable failure) would make the client's receipt depend on timing.
    for (const [v, o] of [[va, a], [vb, b]] as const) {
      if (!v.ack && !v.retry && stats.twins.refusals.length < 20) stats.twins.refusals.push(describe(o!));
    }
    return a!;
  };

  let next = 0;
  const worker = async () => {
    while (next < submissions.length) {
      const s = submissions[next++]!;
      // Hold back rather than finish the run before the pending fault has been injected.
      while (s.index >= opts.gate() && Date.now() < opts.deadline) await sleep(20);
      if (Date.now() > opts.deadline) {
        stats.results[s.index]!.failed = 'run deadline passed before it was sent';
        stats.settled += 1;
        continue;
      }
      await submitOne(s);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
}
