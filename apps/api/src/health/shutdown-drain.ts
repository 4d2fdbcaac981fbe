import { setTimeout as sleep } from 'node:timers/promises';

export interface DrainOptions {
  /** At least this long (load balancers see the 503 of readiness meanwhile). */
  readonly minMs: number;
  /** Then until no request has arrived for this long… */
  readonly quietMs: number;
  /** …but no longer than this in all. */
  readonly maxMs: number;
  /** Requests that have arrived so far (a counter that only grows). */
  readonly arrived: () => number;
}

/**
 * The drain before the server closes. Closing destroys every socket without a request being handled,
 * including sockets whose request has arrived but not yet been read: after a stall (a burst of
 * sign-ins, a long collection) the event loop is still reading requests sent before the signal when
 * a fixed drain ends. So the drain lasts until a quiet spell: a loop that is still catching up keeps
 * finding requests, and one that has read them all finds none. Returns how long it drained.
 */
export async function drainUntilQuiet(o: DrainOptions): Promise<number> {
  const started = Date.now();
  await sleep(o.minMs);
  for (;;) {
    const before = o.arrived();
    await sleep(o.quietMs);
    // Timers run before the loop polls for I/O: after a stall the timer fires with requests still
    // unread. setImmediate runs after that poll, so they are counted before the decision.
    await new Promise((resolve) => setImmediate(resolve));
    if (o.arrived() === before || Date.now() - started >= o.maxMs) return Date.now() - started;
  }
}
