import { GroupCommit, settle, type Outcome } from './group-commit.js';

interface Job {
  readonly id: string;
  readonly key: string;
}

/** A run function whose batches the test finishes by hand, recording what each batch held. */
function controlledRun() {
  const batches: string[][] = [];
  const pending: { ids: string[]; finish: (outcomes?: Outcome<string>[]) => void; fail: (e: unknown) => void }[] = [];
  const run = (jobs: readonly Job[]) =>
    new Promise<readonly Outcome<string>[]>((resolve, reject) => {
      const ids = jobs.map((j) => j.id);
      batches.push(ids);
      pending.push({ ids, finish: (o) => resolve(o ?? ids.map((id) => ({ ok: true, value: `done ${id}` }))), fail: reject });
    });
  return { batches, pending, run };
}

const job = (id: string, key = id): Job => ({ id, key });
const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('starts a lone job at once, as a batch of one', async () => {
    const c = controlledRun();
    const g = new GroupCommit<Job, string>({ slots: 2, maxBatch: 8, key: (j) => j.key, run: c.run });
    const p = g.submit(job('a'));
    expect(c.batches).toEqual([['a']]);
    c.pending[0]!.finish();
    await expect(p).resolves.toBe('done a');
    expect(g.stats()).toEqual({ batches: 1, jobs: 1, queued: 0, active: 0 });
  });

  it('groups the jobs that arrive while every slot is busy, in arrival order', async () => {
    const c = controlledRun();
    const g = new GroupCommit<Job, string>({ slots: 1, maxBatch: 8, key: (j) => j.key, run: c.run });
    const results = ['a', 'b', 'c', 'd'].map((id) => g.submit(job(id)));
    expect(c.batches).toEqual([['a']]);
    expect(g.stats().queued).toBe(3);
    c.pending[0]!.finish();
    await tick();
    expect(c.batches).toEqual([['a'], ['b', 'c', 'd']]);
    c.pending[1]!.finish();
    await expect(Promise.all(results)).resolves.toEqual(['done a', 'done b', 'done c', 'done d']);
  });

  it('uses every slot before it queues, and never puts more than maxBatch jobs in one batch', async () => {
    const c = controlledRun();
    const g = new GroupCommit<Job, string>({ slots: 2, maxBatch: 3, key: (j) => j.key, run: c.run });
    const results = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => g.submit(job(id)));
    expect(c.batches).toEqual([['a'], ['b']]);
    c.pending[1]!.finish();
    await tick();
    expect(c.batches).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    c.pending[0]!.finish();
    await tick();
    expect(c.batches).toEqual([['a'], ['b'], ['c', 'd', 'e'], ['f', 'g', 'h']]);
    c.pending[2]!.finish();
    c.pending[3]!.finish();
    await expect(Promise.all(results)).resolves.toHaveLength(8);
    expect(g.stats()).toEqual({ batches: 4, jobs: 8, queued: 0, active: 0 });
  });

  it('never runs two jobs of the same key together: the later one waits for the next batch', async () => {
    const c = controlledRun();
    const g = new GroupCommit<Job, string>({ slots: 2, maxBatch: 8, key: (j) => j.key, run: c.run });
    const a1 = g.submit(job('a1', 'A'));
    // A's row is in flight in slot 1: a second A waits even though slot 2 is free; B does not.
    const a2 = g.submit(job('a2', 'A'));
    const b = g.submit(job('b', 'B'));
    expect(c.batches).toEqual([['a1'], ['b']]);
    c.pending[1]!.finish();
    await tick();
    expect(c.batches).toEqual([['a1'], ['b']]);
    c.pending[0]!.finish();
    await tick();
    expect(c.batches).toEqual([['a1'], ['b'], ['a2']]);
    c.pending[2]!.finish();
    await expect(Promise.all([a1, a2, b])).resolves.toEqual(['done a1', 'done a2', 'done b']);
  });

  it('keeps duplicates of one key out of a batch but lets the others through, in order', async () => {
    const c = controlledRun();
    const g = new GroupCommit<Job, string>({ slots: 1, maxBatch: 8, key: (j) => j.key, run: c.run });
    const all = [g.submit(job('x')), g.submit(job('a1', 'A')), g.submit(job('b')), g.submit(job('a2', 'A')), g.submit(job('c'))];
    c.pending[0]!.finish();
    await tick();
    expect(c.batches[1]).toEqual(['a1', 'b', 'c']);
    c.pending[1]!.finish();
    await tick();
    expect(c.batches[2]).toEqual(['a2']);
    c.pending[2]!.finish();
    await expect(Promise.all(all)).resolves.toHaveLength(5);
  });

  it('settles each job with its own outcome', async () => {
    const c = controlledRun();
    const g = new GroupCommit<Job, string>({ slots: 1, maxBatch: 8, key: (j) => j.key, run: c.run });
    const first = g.submit(job('first'));
    const ok = settle(g.submit(job('ok')));
    const bad = settle(g.submit(job('bad')));
    c.pending[0]!.finish();
    await tick();
    c.pending[1]!.finish([{ ok: true, value: 'fine' }, { ok: false, error: new Error('refused') }]);
    await first;
    expect(await ok).toEqual({ ok: true, value: 'fine' });
    const b = await bad;
    expect(b.ok).toBe(false);
    expect(!b.ok && (b.error as Error).message).toBe('refused');
  });

  it('fails the jobs of a batch that fails as a whole, and only those; a missing outcome fails its job', async () => {
    const c = controlledRun();
    const g = new GroupCommit<Job, string>({ slots: 2, maxBatch: 8, key: (j) => j.key, run: c.run });
    const a = settle(g.submit(job('a')));
    const b = settle(g.submit(job('b')));
    const c1 = settle(g.submit(job('c1')));
    const c2 = settle(g.submit(job('c2')));
    c.pending[0]!.fail(new Error('connection lost'));
    await tick();
    expect(c.batches).toEqual([['a'], ['b'], ['c1', 'c2']]);
    c.pending[1]!.finish();
    c.pending[2]!.finish([{ ok: true, value: 'one' }]);
    expect(await a).toEqual({ ok: false, error: new Error('connection lost') });
    expect(await b).toEqual({ ok: true, value: 'done b' });
    expect(await c1).toEqual({ ok: true, value: 'one' });
    const missing = await c2;
    expect(!missing.ok && String(missing.error)).toMatch(/no outcome for job 1 of 2/);
    // The slots are free again.
    const d = g.submit(job('d'));
    expect(c.batches.at(-1)).toEqual(['d']);
    c.pending.at(-1)!.finish();
    await expect(d).resolves.toBe('done d');
  });

  it('refuses nonsensical sizes', () => {
    const run = async () => [];
    expect(() => new GroupCommit<Job, string>({ slots: 0, maxBatch: 8, key: (j) => j.key, run })).toThrow(/slots/);
    expect(() => new GroupCommit<Job, string>({ slots: 1, maxBatch: 1.5, key: (j) => j.key, run })).toThrow(/maxBatch/);
  });
});
