// A minimal GraphQL-over-HTTP client that never throws: every call ends in one Outcome, so the
// callers can decide what is retriable without try/catch around each request.

export interface GqlError {
  readonly message: string;
  readonly extensions?: { code?: string; reason?: string; field?: string; errorId?: string; [k: string]: unknown };
}

export type Outcome =
  /** A 2xx answer with data and no errors. */
  | { kind: 'data'; data: Record<string, unknown> }
  /** The server answered with GraphQL errors (any HTTP status). */
  | { kind: 'graphql-error'; status: number; code: string; reason: string | undefined; error: GqlError }
  /** No usable HTTP answer: refused, reset, closed socket, or our own timeout. */
  | { kind: 'transport'; detail: string }
  /** An HTTP answer that is not GraphQL (e.g. a proxy page or an empty 500). */
  | { kind: 'http'; status: number; body: string };

/** Codes the API documents for mistakes of the caller; anything else is treated as the server's fault. */
export const CLIENT_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: GqlError[];
}

export async function gql(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  opts: { token?: string; timeoutMs?: number } = {},
): Promise<Outcome> {
  // AbortController covers connect, the server's work and reading the body.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 5_000);
  try {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    });
    const body = await res.text();
    let parsed: GqlBody | null;
    try {
      parsed = JSON.parse(body) as GqlBody;
    } catch {
      parsed = null;
    }
    const first = parsed?.errors?.[0];
    if (first) {
      return { kind: 'graphql-error', status: res.status, code: first.extensions?.code ?? 'UNKNOWN', reason: first.extensions?.reason, error: first };
    }
    if (res.ok && parsed?.data) return { kind: 'data', data: parsed.data };
    return { kind: 'http', status: res.status, body: body.slice(0, 300) };
  } catch (err) {
    return { kind: 'transport', detail: transportDetail(err, abort.signal.aborted) };
  } finally {
    clearTimeout(timer);
  }
}

/** undici wraps the socket error in `cause`; its code (ECONNREFUSED, UND_ERR_SOCKET…) is the useful part. */
function transportDetail(err: unknown, aborted: boolean): string {
  if (aborted) return 'timeout';
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** Text that must never reach a client: SQL, driver messages, stack frames (SECURITY.md: "no SQL or stack"). */
const LEAK = /\bselect\b[\s\S]{0,200}\bfrom\b|\binsert into\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete from\b|relation "|column "|violates|duplicate key|syntax error|terminating connection|connection terminated|ECONN|QueryFailedError|TypeORM|\bpg_|sqlstate|\s+at .+\.(js|ts):\d+/i;

export function leakedText(error: GqlError): string | null {
  const { errorId: _ignored, ...rest } = error.extensions ?? {};
  const text = `${error.message} ${JSON.stringify(rest)}`;
  return LEAK.test(text) ? text.slice(0, 300) : null;
}

export function describe(o: Outcome): string {
  switch (o.kind) {
    case 'data':
      return 'ok';
    case 'graphql-error':
      return `${o.code}${o.reason ? `/${o.reason}` : ''}: ${o.error.message}`;
    case 'transport':
      return `transport: ${o.detail}`;
    case 'http':
      return `HTTP ${o.status}: ${o.body.slice(0, 120)}`;
  }
}

/** For the fixture, where the API is expected to work: the data, or an error that says what failed. */
export function expectData<T>(o: Outcome, what: string): T {
  if (o.kind === 'data') return o.data as T;
  throw new Error(`${what} failed: ${describe(o)}`);
}
