// Anchor (a) for submission throughput: a bare Node `http` server that does per request exactly
// what the API's submitSurveyResponse does in PostgreSQL, through plain `pg` with the same pool
// settings — the same statements (the same text, built by the API's own module), in the same order,
// in one transaction that sets the same scope (query role, clinic, caller's role — inside
// submission_open, migrations/1764000000006), the same validation and scoring library, the same row
// lock, the same idempotent-replay path, and the same group commit (the API's GroupCommit with the
// same SUBMISSION_BATCH_SLOTS and SUBMISSION_BATCH_MAX, the same two statements per group). What it
// leaves out is the framework: Fastify, Nest, Apollo, GraphQL parsing/validation/limits,
// class-validator. With SUBMISSION_BATCH_MAX=1 and SUBMISSION_BATCH_SLOTS=DB_POOL_SIZE every
// submission is a transaction of its own, as without group commit.
//
//   node dist/bench/anchors/bare-server.js
//     (env: DATABASE_URL, PORT, DB_POOL_SIZE, SUBMISSION_BATCH_SLOTS, SUBMISSION_BATCH_MAX)
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { GROUP_COMMIT_DEFAULTS, GroupCommit, settle, type Outcome } from '../../apps/api/src/database/group-commit.js';
import {
  openByLinkSql,
  openedByPosition,
  openLinksSql,
  recordEachSql,
  recordSql,
  toSubmissionTarget,
  type SubmissionRecord,
} from '../../apps/api/src/responses/submission-sql.js';
import { scoreInstrument, validateAnswers, type InstrumentDefinition } from '../../libs/scoring/src/index.js';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL is required');
const port = Number(process.env['PORT'] ?? 3997);
const poolSize = Number(process.env['DB_POOL_SIZE'] ?? 10);
// The API's defaults unless set (the benchmark always sets them).
const slots = Number(process.env['SUBMISSION_BATCH_SLOTS'] ?? GROUP_COMMIT_DEFAULTS.slots);
const maxBatch = Number(process.env['SUBMISSION_BATCH_MAX'] ?? GROUP_COMMIT_DEFAULTS.maxBatch);

// The API's pool options (apps/api/src/database/data-source.ts).
const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, statement_timeout: 5_000 });
pool.on('error', (err) => console.error(`pool error: ${err.message}`));

// Statements as the API issues them (captured with log_statement = all): two simple-protocol
// messages per transaction, `BEGIN; <open>` and `<record>; COMMIT` (one COMMIT alone on a
// replay; for a group the open and record statements of submission_open_links and
// submission_record_each), their text built by the API's own module so that the two cannot drift apart.
/** Published versions are immutable: loaded once, like the API's InstrumentsService cache. */
const instruments = new Map<string, { key: string; definition: InstrumentDefinition }>();

function payloadHash(answers: Record<string, number | null>): string {
  const canonical = Object.keys(answers).sort().map((k) => [k, answers[k]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

class HttpError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface Input {
  token: string;
  idempotencyKey: string;
  answers: { itemCode: string; value: number | null }[];
}

function parseInput(body: string): Input {
  const parsed = JSON.parse(body) as { variables?: { input?: Input } };
  const input = parsed.variables?.input;
  if (!input || typeof input.token !== 'string' || typeof input.idempotencyKey !== 'string' || !Array.isArray(input.answers)) {
    throw new HttpError('BAD_USER_INPUT', 'input missing');
  }
  if (input.idempotencyKey.length < 8 || input.idempotencyKey.length > 128) throw new HttpError('BAD_USER_INPUT', 'idempotencyKey');
  return input;
}

interface Job {
  readonly input: Input;
  readonly answers: Record<string, number | null>;
  readonly tokenHash: Buffer;
}

type Result = { responseId: string; submittedAt: string; replayed: boolean };

function toJob(input: Input): Job {
  const answers: Record<string, number | null> = {};
  for (const a of input.answers) {
    if (a.itemCode in answers) throw new HttpError('BAD_USER_INPUT', 'DUPLICATE_ITEM');
    answers[a.itemCode] = a.value ?? null;
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) throw new HttpError('NOT_FOUND', 'Survey link');
  return { input, answers, tokenHash: createHash('sha256').update(input.token, 'utf8').digest() };
}

/** The API's prepare(): what to answer and what to record (nothing for a replay). */
function prepare(row: Record<string, unknown> | undefined, job: Job): { result: Result; record: SubmissionRecord | null } {
  if (!row) throw new HttpError('NOT_FOUND', 'Survey link');
  const t = toSubmissionTarget(row);
  const instrument = instruments.get(t.assignment.instrumentVersionId);
  if (!instrument) throw new Error('unknown instrument version');
  const hash = payloadHash(job.answers);
  if (t.assignment.completedAt) {
    const existing = t.stored!;
    if (existing.idempotencyKey !== job.input.idempotencyKey) throw new HttpError('CONFLICT', 'ALREADY_SUBMITTED');
    if (existing.payloadHash !== hash) throw new HttpError('CONFLICT', 'IDEMPOTENCY_KEY_REUSED');
    return { result: { responseId: existing.id, submittedAt: existing.submittedAt.toISOString(), replayed: true }, record: null };
  }
  const now = new Date();
  const { clinicId, id: assignmentId, clientId, timePoint, opensAt, closesAt, cancelledAt } = t.assignment;
  if (cancelledAt || now < opensAt || (closesAt && now >= closesAt)) throw new HttpError('CONFLICT', 'NOT_OPEN');
  const issues = validateAnswers(instrument.definition, job.answers, { final: true });
  if (issues.length > 0) throw new HttpError('BAD_USER_INPUT', issues[0]!.kind);
  const scores = scoreInstrument(instrument.definition, job.answers);
  const id = randomUUID();
  const record: SubmissionRecord = {
    clinic: clinicId,
    response: { clinic_id: clinicId, id, assignment_id: assignmentId, client_id: clientId, instrument_version_id: t.assignment.instrumentVersionId,
      time_point: timePoint, answers: job.answers, source: 'WEB', idempotency_key: job.input.idempotencyKey, payload_hash: hash, submitted_at: now, entered_by: null },
    scores: scores.map((s) => ({ clinic_id: clinicId, response_id: id, scale_key: s.scaleKey, client_id: clientId, instrument_key: instrument.key,
      time_point: timePoint, score: s.score, answered_items: s.answeredItems, missing_items: s.missingItems })),
    audit: { occurred_at: new Date(), actor_id: null, actor_role: 'ANONYMOUS', clinic_id: clinicId, action: 'RESPONSE_SUBMITTED', target_type: 'survey_assignment',
      target_id: assignmentId, outcome: 'SUCCESS', details: { source: 'WEB', instrument: instrument.key, timePoint } },
  };
  return { result: { responseId: id, submittedAt: now.toISOString(), replayed: false }, record };
}

/** One transaction on one pooled connection; rolled back on any error. Several statements per message answer with one result each. */
async function transaction<T>(work: (send: (sql: string) => Promise<pg.QueryResult[]>) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let ended = true;
  const send = async (sql: string): Promise<pg.QueryResult[]> => {
    ended = false;
    const r = (await c.query(sql)) as unknown as pg.QueryResult[] | pg.QueryResult;
    return Array.isArray(r) ? r : [r];
  };
  try {
    const value = await work(send);
    ended = true;
    return value;
  } catch (err) {
    if (!ended) await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

/** One submission in a transaction of its own: `BEGIN; <open>`, then `<record>; COMMIT` (COMMIT alone on a replay). */
function submitOne(job: Job): Promise<Result> {
  return transaction(async (send) => {
    const opened = await send(`BEGIN; ${openByLinkSql(job.tokenHash, 'SURVEY_LINK')}`);
    const p = prepare(opened.at(-1)!.rows[0] as Record<string, unknown> | undefined, job);
    await send(p.record ? `${recordSql(p.record)}; COMMIT` : 'COMMIT');
    return p.result;
  });
}

/** The API's submitLinks(): the links opened in token-hash order, the records each under its clinic's scope, one COMMIT. */
async function submitGroup(batch: readonly Job[]): Promise<Outcome<Result>[]> {
  if (batch.length === 1) return [await settle(submitOne(batch[0]!))];
  const order = batch.map((_, i) => i).sort((a, b) => Buffer.compare(batch[a]!.tokenHash, batch[b]!.tokenHash));
  try {
    return await transaction(async (send) => {
      const opened = openedByPosition((await send(`BEGIN; ${openLinksSql(order.map((i) => batch[i]!.tokenHash), 'SURVEY_LINK')}`)).at(-1)!.rows, order.length);
      const outcomes: Outcome<Result>[] = new Array(batch.length);
      const records: SubmissionRecord[] = [];
      for (const [k, i] of order.entries()) {
        try {
          const p = prepare(opened[k], batch[i]!);
          if (p.record) records.push(p.record);
          outcomes[i] = { ok: true, value: p.result };
        } catch (error) {
          outcomes[i] = { ok: false, error };
        }
      }
      await send(records.length === 0 ? 'COMMIT' : `${recordEachSql(records)}; COMMIT`);
      return outcomes;
    });
  } catch {
    return Promise.all(batch.map((j) => settle(submitOne(j))));
  }
}

const groups = new GroupCommit<Job, Result>({ slots, maxBatch, key: (j) => j.tokenHash.toString('hex'), run: submitGroup });

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/health/ready') return reply(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/graphql') return reply(res, 404, { error: 'not found' });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const r = await groups.submit(toJob(parseInput(Buffer.concat(chunks).toString('utf8'))));
    reply(res, 200, { data: { submitSurveyResponse: r } });
  } catch (err) {
    const code = err instanceof HttpError ? err.code : 'INTERNAL_SERVER_ERROR';
    if (!(err instanceof HttpError)) console.error(err);
    reply(res, 200, { errors: [{ message: err instanceof Error ? err.message : String(err), extensions: { code } }], data: null });
  }
}

async function main(): Promise<void> {
  const rows = (await pool.query<{ id: string; key: string; definition: InstrumentDefinition }>(`SELECT id, key, definition FROM instrument_version`)).rows;
  for (const r of rows) instruments.set(r.id, { key: r.key, definition: r.definition });
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5_000;
  server.listen(port, '127.0.0.1', () => console.log(`bare anchor ready on http://127.0.0.1:${port}/graphql (pool ${poolSize}, group commit: ${slots} slots, up to ${maxBatch} per group)`));
  const stop = () => {
    const g = groups.stats();
    console.log(`groups ${g.batches}, submissions ${g.jobs}, ${(g.jobs / Math.max(1, g.batches)).toFixed(1)} per group`);
    server.close(() => void pool.end().then(() => process.exit(0)));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
