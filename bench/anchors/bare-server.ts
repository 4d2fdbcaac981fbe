// Anchor (a) for submission throughput: a bare Node `http` server that does per request exactly
// what the API's submitSurveyResponse does in PostgreSQL, through plain `pg` with the same pool
// settings — the same statements (text as TypeORM sends them), in the same order, in one
// transaction with the same set_config calls (query role, clinic, caller's role), the same
// validation and scoring library, the same row lock, the same idempotent-replay path. What it leaves
// out is the framework: Fastify, Nest, Apollo, GraphQL parsing/validation/limits, class-validator.
//
//   node dist/bench/anchors/bare-server.js   (env: DATABASE_URL, PORT, DB_POOL_SIZE)
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { scoreInstrument, validateAnswers, type InstrumentDefinition } from '../../libs/scoring/src/index.js';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL is required');
const port = Number(process.env['PORT'] ?? 3997);
const poolSize = Number(process.env['DB_POOL_SIZE'] ?? 10);

// The API's pool options (apps/api/src/database/data-source.ts).
const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, statement_timeout: 5_000 });
pool.on('error', (err) => console.error(`pool error: ${err.message}`));

// Statements as the API issues them (captured with log_statement = all).
const SET_SCOPE = `SELECT set_config('role', $1, true), set_config('app.clinic_id', $2, true), set_config('app.role', $3, true)`;
const LINK_CLINIC = `SELECT survey_link_clinic($1) AS clinic_id`;
const ENTER_CLINIC = `SELECT set_config('app.clinic_id', $1, true)`;
const LOCK_ASSIGNMENT = `SELECT "a"."clinic_id" AS "a_clinic_id", "a"."id" AS "a_id", "a"."client_id" AS "a_client_id", "a"."protocol_id" AS "a_protocol_id", "a"."instrument_version_id" AS "a_instrument_version_id", "a"."time_point" AS "a_time_point", "a"."due_at" AS "a_due_at", "a"."opens_at" AS "a_opens_at", "a"."closes_at" AS "a_closes_at", "a"."completed_at" AS "a_completed_at", "a"."cancelled_at" AS "a_cancelled_at", "a"."token_issued_at" AS "a_token_issued_at", "a"."draft_answers" AS "a_draft_answers", "a"."draft_saved_at" AS "a_draft_saved_at", "a"."created_at" AS "a_created_at" FROM "survey_assignment" "a" WHERE "a"."clinic_id" = $1 AND "a"."token_hash" = $2 FOR UPDATE`;
const FIND_RESPONSE = `SELECT "SurveyResponse"."clinic_id" AS "SurveyResponse_clinic_id", "SurveyResponse"."id" AS "SurveyResponse_id", "SurveyResponse"."idempotency_key" AS "SurveyResponse_idempotency_key", "SurveyResponse"."payload_hash" AS "SurveyResponse_payload_hash", "SurveyResponse"."submitted_at" AS "SurveyResponse_submitted_at" FROM "survey_response" "SurveyResponse" WHERE (("SurveyResponse"."clinic_id" = $1) AND ("SurveyResponse"."assignment_id" = $2)) LIMIT 1`;
const INSERT_RESPONSE = `INSERT INTO "survey_response"("clinic_id", "id", "assignment_id", "client_id", "instrument_version_id", "time_point", "answers", "source", "idempotency_key", "payload_hash", "submitted_at", "entered_by") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
const INSERT_SCORE_COLUMNS = `INSERT INTO "scale_score"("clinic_id", "response_id", "scale_key", "client_id", "instrument_key", "time_point", "score", "answered_items", "missing_items") VALUES `;
const COMPLETE = `UPDATE "survey_assignment" SET "completed_at" = $1, "draft_answers" = $2, "draft_saved_at" = $3 WHERE ("clinic_id" = $4 AND "id" = $5)`;
const AUDIT = `INSERT INTO "audit_event"("id", "occurred_at", "actor_id", "actor_role", "clinic_id", "action", "target_type", "target_id", "outcome", "details") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "id"`;

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
  try {
    await c.query('START TRANSACTION');
    try {
      await c.query(SET_SCOPE, ['smp_app', '', 'SURVEY_LINK']);
      const clinicId = (await c.query<{ clinic_id: string | null }>(LINK_CLINIC, [tokenHash])).rows[0]?.clinic_id;
      if (!clinicId) throw new HttpError('NOT_FOUND', 'Survey link');
      await c.query(ENTER_CLINIC, [clinicId]);
      const a = (await c.query(LOCK_ASSIGNMENT, [clinicId, tokenHash])).rows[0] as Record<string, unknown> | undefined;
      if (!a) throw new HttpError('NOT_FOUND', 'Survey link');
      const instrument = instruments.get(a['a_instrument_version_id'] as string);
      if (!instrument) throw new Error('unknown instrument version');
      const hash = payloadHash(map);
      let result: { responseId: string; submittedAt: string; replayed: boolean };
      if (a['a_completed_at']) {
        const existing = (await c.query(FIND_RESPONSE, [clinicId, a['a_id']])).rows[0] as Record<string, unknown>;
        if (existing['SurveyResponse_idempotency_key'] !== input.idempotencyKey) throw new HttpError('CONFLICT', 'ALREADY_SUBMITTED');
        if (existing['SurveyResponse_payload_hash'] !== hash) throw new HttpError('CONFLICT', 'IDEMPOTENCY_KEY_REUSED');
        result = { responseId: existing['SurveyResponse_id'] as string, submittedAt: (existing['SurveyResponse_submitted_at'] as Date).toISOString(), replayed: true };
      } else {
        const now = new Date();
        const closes = a['a_closes_at'] as Date | null;
        if (a['a_cancelled_at'] || now < (a['a_opens_at'] as Date) || (closes && now >= closes)) throw new HttpError('CONFLICT', 'NOT_OPEN');
        const issues = validateAnswers(instrument.definition, map, { final: true });
        if (issues.length > 0) throw new HttpError('BAD_USER_INPUT', issues[0]!.kind);
        const scores = scoreInstrument(instrument.definition, map);
        const id = randomUUID();
        await c.query(INSERT_RESPONSE, [clinicId, id, a['a_id'], a['a_client_id'], a['a_instrument_version_id'], a['a_time_point'], JSON.stringify(map),
          'WEB', input.idempotencyKey, hash, now, null]);
        if (scores.length > 0) {
          const values: unknown[] = [];
          const rows = scores.map((s, i) => {
            values.push(clinicId, id, s.scaleKey, a['a_client_id'], instrument.key, a['a_time_point'], s.score, s.answeredItems, s.missingItems);
            return `(${Array.from({ length: 9 }, (_, j) => `$${i * 9 + j + 1}`).join(', ')})`;
          });
          await c.query(INSERT_SCORE_COLUMNS + rows.join(', '), values);
        }
        await c.query(COMPLETE, [now, null, null, clinicId, a['a_id']]);
        await c.query(AUDIT, [new Date(), null, 'ANONYMOUS', clinicId, 'RESPONSE_SUBMITTED', 'survey_assignment', a['a_id'], 'SUCCESS',
          JSON.stringify({ source: 'WEB', instrument: instrument.key, timePoint: a['a_time_point'] })]);
        result = { responseId: id, submittedAt: now.toISOString(), replayed: false };
      }
      await c.query('COMMIT');
      return result;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
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
