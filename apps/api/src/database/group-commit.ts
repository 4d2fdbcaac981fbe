// Group commit across requests: jobs that arrive while earlier batches are in flight run together,
// so that several clients' submissions share one transaction, one round trip per phase and one WAL
// flush. There is no timer: a job that finds a free slot starts at once (a lone request waits for
// nothing); under load the queue fills while the slots are busy, and each slot that frees up takes
// what has gathered. Plain TypeScript, no Nest or database (the benchmark's bare anchor uses it too).

/** Defaults of the API's group commit (SUBMISSION_BATCH_SLOTS / SUBMISSION_BATCH_MAX); the benchmark and its bare anchor use the same. */
export const GROUP_COMMIT_DEFAULTS = { slots: 2, maxBatch: 16 } as const;

export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions<J, R> {
  /** Batches in flight at once (each holds one database connection while it runs). */
  readonly slots: number;
  /** Jobs per batch, at most. */
  readonly maxBatch: number;
  /**
   * Jobs with the same key (the row they lock) never share a batch and never run at the same time:
   * a later one waits in the queue until the earlier one's batch has finished, instead of making a
   * whole batch wait on the row lock (or lock the same row twice).
   */
  readonly key: (job: J) => string;
  /** Runs one batch: one outcome per job, in the jobs' order. A rejection fails every job of the batch. */
  readonly run: (jobs: readonly J[]) => Promise<readonly Outcome<R>[]>;
}

interface Pending<J, R> {
  readonly job: J;
  readonly key: string;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<J, R> {
  private queue: Pending<J, R>[] = [];
  private readonly running = new Set<string>();
  private active = 0;
  private batchCount = 0;
  private jobCount = 0;

  constructor(private readonly o: GroupCommitOptions<J, R>) {
    if (!Number.isInteger(o.slots) || o.slots < 1) throw new Error(`group commit: slots must be a positive integer, got ${o.slots}`);
    if (!Number.isInteger(o.maxBatch) || o.maxBatch < 1) throw new Error(`group commit: maxBatch must be a positive integer, got ${o.maxBatch}`);
  }

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, key: this.o.key(job), resolve, reject });
      this.kick();
    });
  }

  /** Batches run and jobs settled so far (for the benchmark and tests). */
  stats(): { readonly batches: number; readonly jobs: number; readonly queued: number; readonly active: number } {
    return { batches: this.batchCount, jobs: this.jobCount, queued: this.queue.length, active: this.active };
  }

  private kick(): void {
    while (this.active < this.o.slots && this.queue.length > 0) {
      const batch = this.take();
      if (batch.length === 0) return; // every queued job waits for a key in flight
      this.active += 1;
      this.batchCount += 1;
      this.jobCount += batch.length;
      void this.runBatch(batch).finally(() => {
        this.active -= 1;
        for (const p of batch) this.running.delete(p.key);
        this.kick();
      });
    }
  }

  /** Up to maxBatch queued jobs in arrival order, one per key and none whose key is in flight. */
  private take(): Pending<J, R>[] {
    const batch: Pending<J, R>[] = [];
    const waiting: Pending<J, R>[] = [];
    let i = 0;
    for (; i < this.queue.length && batch.length < this.o.maxBatch; i++) {
      const p = this.queue[i]!;
      if (this.running.has(p.key)) {
        waiting.push(p);
      } else {
        this.running.add(p.key);
        batch.push(p);
      }
    }
    this.queue = i === this.queue.length ? waiting : waiting.concat(this.queue.slice(i));
    return batch;
  }

  private async runBatch(batch: readonly Pending<J, R>[]): Promise<void> {
    let outcomes: readonly Outcome<R>[];
    try {
      outcomes = await this.o.run(batch.map((p) => p.job));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (!o) p.reject(new Error(`group commit: no outcome for job ${i} of ${batch.length}`));
      else if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}

/** A promise's result as an Outcome (never rejects). */
export function settle<R>(p: Promise<R>): Promise<Outcome<R>> {
  return p.then(
    (value) => ({ ok: true, value }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );
}
