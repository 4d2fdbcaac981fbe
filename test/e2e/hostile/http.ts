// Sending hostile requests over HTTP and judging the answers (test/e2e/hostile-requests.e2e-spec.ts).
import { mapWithConcurrency } from '../../../libs/testing/src/concurrency.js';

export interface HostileRequest {
  readonly category: string;
  /** Operation and variant, e.g. `enrolClient input.studyCode ← injection "'; DROP …"`. */
  readonly label: string;
  readonly caller: string;
  readonly method: string;
  /** Path and query string, e.g. `/graphql` or `/graphql?query=…`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Strings carried by the request, which an error message may echo (not a leak when it does). */
  readonly echoes: readonly string[];
  /** An extra rule for this request: a problem, or null. */
  readonly check?: (status: number, body: unknown) => string | null;
}

export interface Outcome {
  readonly req: HostileRequest;
  readonly status: number;
  readonly text: string;
  /** Time to the full answer. */
  readonly ms: number;
  readonly problems: readonly string[];
}

// What an answer must never contain, beyond what the request itself carried.
const LEAKS: readonly [string, RegExp][] = [
  ['stack trace', /    at |\bat [^\s]+ \(.*\.(?:ts|js|mjs):\d+/],
  ['SQL SELECT', /SELECT /],
  ['SQL INSERT', /INSERT INTO/],
  ['SQL UPDATE', /UPDATE "/],
  ['table survey_response', /survey_response/],
  ['table staff_account', /staff_account/],
  ['QueryFailedError', /QueryFailedError/],
  ['PostgreSQL error text', /invalid input syntax for|violates (?:foreign key|unique|check|not-null|row-level)|duplicate key value|syntax error at or near|relation "[a-z_]+"/],
];

// HTTP-layer refusals that may come as plain text (or a framework's JSON shape) rather than GraphQL.
const HTTP_LAYER_STATUSES = new Set([204, 400, 404, 405, 406, 411, 413, 414, 415, 431]);

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), strings(v, out));
  return out;
}

/** Removes what the request carried (as sent, and as GraphQL quotes it in messages). */
function scrub(text: string, echoes: readonly string[]): string {
  let s = text;
  const forms = new Set<string>();
  for (const e of echoes) {
    if (e.length < 3) continue;
    forms.add(e);
    const quoted = JSON.stringify(e).slice(1, -1);
    forms.add(quoted);
    forms.add(JSON.stringify(quoted).slice(1, -1));
  }
  // Longest first, so a short echo does not cut a longer one in two.
  for (const f of [...forms].sort((a, b) => b.length - a.length)) s = s.split(f).join('');
  return s;
}

/** The checks every answer must pass; an empty list means it did. */
export function judge(req: HostileRequest, status: number, text: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  let body: unknown;
  let json = true;
  try {
    body = JSON.parse(text);
  } catch {
    json = false;
  }
  if (!json && !HTTP_LAYER_STATUSES.has(status)) problems.push(`body is not JSON (HTTP ${status})`);
  if (json && body && typeof body === 'object' && !Array.isArray(body) && 'errors' in body) {
    const errors = (body as { errors: unknown }).errors;
    if (!Array.isArray(errors) || errors.length === 0) problems.push('`errors` is not a non-empty array');
    else
      errors.forEach((e: unknown, i) => {
        const code = (e as { extensions?: { code?: unknown } } | null)?.extensions?.code;
        if (typeof code !== 'string' || code === '') problems.push(`errors[${i}] has no extensions.code`);
        else if (code === 'INTERNAL_SERVER_ERROR') problems.push(`errors[${i}] is INTERNAL_SERVER_ERROR (${JSON.stringify((e as { extensions: unknown }).extensions)})`);
        if (typeof (e as { message?: unknown } | null)?.message !== 'string') problems.push(`errors[${i}] has no message`);
      });
  }
  if (json && status === 200) {
    const b = body as { data?: unknown; errors?: unknown } | null;
    if (!b || typeof b !== 'object' || (!('data' in b) && !('errors' in b))) problems.push('HTTP 200 without data or errors');
  }
  if (req.check) {
    const extra = req.check(status, json ? body : undefined);
    if (extra) problems.push(extra);
  }
  // Leaks: in every string of the answer (messages, extensions, framework errors), minus echoes.
  const said = scrub(json ? strings(body).join('\n') : text, req.echoes);
  for (const [what, re] of LEAKS) if (re.test(said)) problems.push(`leaks ${what}: ${JSON.stringify(said.match(re)?.[0])}`);
  return problems;
}

async function once(baseUrl: string, req: HostileRequest): Promise<Outcome> {
  const started = Date.now();
  try {
    const res = await fetch(baseUrl + req.path, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    return { req, status: res.status, text, ms: Date.now() - started, problems: judge(req, res.status, text) };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const text = `${err.name}: ${err.message} (${err.cause?.code ?? err.cause?.message ?? ''})`;
    // A server may close the connection on a body it refuses before reading it all (413): the
    // client then fails to finish writing. That is a refusal, not a crash; any other failure is.
    const size = req.body === undefined ? 0 : typeof req.body === 'string' ? Buffer.byteLength(req.body) : req.body.byteLength;
    const refusedUnread = size > 100 * 1024 && err.name !== 'TimeoutError';
    return { req, status: 0, text, ms: Date.now() - started, problems: refusedUnread ? [] : [`no HTTP answer: ${text}`] };
  }
}

/**
 * Sends one request. A connection reset before any answer is retried once: a keep-alive
 * connection the server closed as the client reused it is a race of the transport, not an answer.
 */
export async function send(baseUrl: string, req: HostileRequest): Promise<Outcome> {
  const first = await once(baseUrl, req);
  if (first.status !== 0 || !/ECONNRESET|UND_ERR_SOCKET|other side closed/.test(first.text)) return first;
  const second = await once(baseUrl, req);
  return second.status === 0 ? { ...second, text: `${first.text}; retried: ${second.text}` } : second;
}

/** Runs the requests with at most `concurrency` in flight; answers in request order. */
export function sendAll(baseUrl: string, reqs: readonly HostileRequest[], concurrency = 8): Promise<Outcome[]> {
  return mapWithConcurrency(reqs, concurrency, (req) => send(baseUrl, req));
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** One failing request, precisely enough to replay it. */
export function describeOutcome(o: Outcome): string {
  const body = o.req.body === undefined ? '(none)' : typeof o.req.body === 'string' ? o.req.body : `bytes ${Buffer.from(o.req.body).toString('hex')}`;
  const headers = Object.entries(o.req.headers).map(([k, v]) => `${k}: ${clip(v, 120)}`).join('; ');
  return [
    `[${o.req.category}] ${o.req.label} (caller: ${o.req.caller})`,
    `  request: ${o.req.method} ${clip(o.req.path, 300)} {${headers}}`,
    `  body: ${clip(body, 600)}`,
    `  response (${o.ms} ms): HTTP ${o.status} ${clip(o.text, 600)}`,
    `  problems: ${o.problems.join('; ')}`,
  ].join('\n');
}
