// Anchor (a) for submission throughput: a bare Node `http` server that does per request exactly
// what the API's submitSurveyResponse does in PostgreSQL, through plain `pg` with the same pool
// settings — the same statements (the same text, built by the API's own module), in the same order,
// in one transaction that sets the same scope (query role, clinic, caller's role — inside
// submission_open, migrations/1764000000006), the same validation and scoring library, the same row
// lock, the same idempotent-replay path. What it leaves out is the framework: Fastify, Nest,
// Apollo, GraphQL parsing/validation/limits, class-validator.
//
//   node dist/bench/anchors/bare-server.js   (env: DATABASE_URL, PORT, DB_POOL_SIZE)
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { openByLinkSql, recordSql, toSubmissionTarget } from '../../apps/api/src/responses/submission-sql.js';
import { scoreInstrument, validateAnswers, type InstrumentDefinition } from '../../libs/scoring/src/index.js';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL is required');
const port = Number(process.env['PORT'] ?? 3997);
const poolSize = Number(process.env['DB_POOL_SIZE'] ?? 10);

// The API's pool options (apps/api/src/database/data-source.ts).
const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, statement_timeout: 5_000 });
pool.on('error', (err) => console.error(`pool error: ${err.message}`));

// Statements as the API issues them (captured with log_statement = all): two simple-protocol
// messages per submission, `BEGIN; <open>` and `<record>; COMMIT` (one COMMIT alone on a replay),
// their text built by the API's own module so that the two cannot drift apart.
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

async function submit(input: Input): Promise<{ responseId: string; submittedAt: string; replayed: boolean }> {
  const map: Record<string, number | null> = {};
  for (const a of input.answers) {
    if (a.itemCode in map) throw new HttpError('BAD_USER_INPUT', 'DUPLICATE_ITEM');
    map[a.itemCode] = a.value ?? null;
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) throw new HttpError('NOT_FOUND', 'Survey link');
  const tokenHash = createHash('sha256').update(input.token, 'utf8').digest();
  const c = await pool.connect();
  let ended = true;
  // Several statements in one message answer with one result per statement.
  const send = async (sql: string): Promise<pg.QueryResult[]> => {
    ended = false;
    return (await c.query(sql)) as unknown as pg.QueryResult[];
  };
  try {
    try {
      const a = (await send(`BEGIN; ${openByLinkSql(tokenHash, 'SURVEY_LINK')}`))[1]!.rows[0] as Record<string, unknown> | undefined;
      if (!a) throw new HttpError('NOT_FOUND', 'Survey link');
      const t = toSubmissionTarget(a);
      const instrument = instruments.get(t.assignment.instrumentVersionId);
      if (!instrument) throw new Error('unknown instrument version');
      const hash = payloadHash(map);
      let result: { responseId: string; submittedAt: string; replayed: boolean };
      if (t.assignment.completedAt) {
        const existing = t.stored!;
        if (existing.idempotencyKey !== input.idempotencyKey) throw new HttpError('CONFLICT', 'ALREADY_SUBMITTED');
        if (existing.payloadHash !== hash) throw new HttpError('CONFLICT', 'IDEMPOTENCY_KEY_REUSED');
        await c.query('COMMIT');
        result = { responseId: existing.id, submittedAt: existing.submittedAt.toISOString(), replayed: true };
      } else {
        const now = new Date();
        const { clinicId, id: assignmentId, clientId, timePoint, opensAt, closesAt, cancelledAt } = t.assignment;
        if (cancelledAt || now < opensAt || (closesAt && now >= closesAt)) throw new HttpError('CONFLICT', 'NOT_OPEN');
        const issues = validateAnswers(instrument.definition, map, { final: true });
        if (issues.length > 0) throw new HttpError('BAD_USER_INPUT', issues[0]!.kind);
        const scores = scoreInstrument(instrument.definition, map);
        const id = randomUUID();
        await send(`${recordSql(
          { clinic_id: clinicId, id, assignment_id: assignmentId, client_id: clientId, instrument_version_id: t.assignment.instrumentVersionId,
            time_point: timePoint, answers: map, source: 'WEB', idempotency_key: input.idempotencyKey, payload_hash: hash, submitted_at: now, entered_by: null },
          scores.map((s) => ({ clinic_id: clinicId, response_id: id, scale_key: s.scaleKey, client_id: clientId, instrument_key: instrument.key,
            time_point: timePoint, score: s.score, answered_items: s.answeredItems, missing_items: s.missingItems })),
          { occurred_at: new Date(), actor_id: null, actor_role: 'ANONYMOUS', clinic_id: clinicId, action: 'RESPONSE_SUBMITTED', target_type: 'survey_assignment',
            target_id: assignmentId, outcome: 'SUCCESS', details: { source: 'WEB', instrument: instrument.key, timePoint } },
        )}; COMMIT`);
        result = { responseId: id, submittedAt: now.toISOString(), replayed: false };
      }
      ended = true;
      return result;
    } catch (err) {
      if (!ended) await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    c.release();
  }
}

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
    const r = await submit(parseInput(Buffer.concat(chunks).toString('utf8')));
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
  server.listen(port, '127.0.0.1', () => console.log(`bare anchor ready on http://127.0.0.1:${port}/graphql (pool ${poolSize})`));
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
