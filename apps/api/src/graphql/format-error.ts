import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, GRAPHQL_CODE_BY_CATEGORY } from '../common/app-error.js';

export type ErrorLogger = (errorId: string, error: unknown) => void;

// Codes that describe the caller's request; their messages are safe to return as they are.
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Apollo refuses some requests with an HTTP 4xx status but no code (a persisted query of an
 * unsupported version, or whose hash does not match its text): the caller's mistake, in
 * Apollo's words. Our own errors never set a status without a code.
 */
function isApolloRequestRefusal(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError) || error.extensions['code'] !== undefined) return false;
  const status = (error.extensions['http'] as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

// The database went away or is restarting (SQLSTATE class 08, 57P01–57P03, too many connections),
// or the transaction lost a serialization race: nothing was written, and the same request (with
// its idempotency key) can simply be sent again (SECURITY.md #31, #33).
const TRANSIENT_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '40001', '40P01']);
const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const TRANSIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function isTransientDatabaseError(error: unknown): boolean {
  let current: unknown = error;
  // TypeORM wraps the driver's error (driverError); Node wraps causes (cause).
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && (TRANSIENT_SQLSTATES.has(e.code) || TRANSIENT_SOCKET_CODES.has(e.code))) return true;
    if (typeof e.message === 'string' && TRANSIENT_MESSAGES.test(e.message)) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/**
 * The single place errors leave the server: domain errors keep their code, reason and field; the
 * caller's own mistakes keep GraphQL's message; everything else becomes INTERNAL_SERVER_ERROR with
 * an id to find the full error in the log — never a stack trace, SQL, table or column name.
 */
export function makeFormatError(log: ErrorLogger, opts: { hideSuggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      return {
        ...base,
        message: original.message,
        extensions: {
          code: GRAPHQL_CODE_BY_CATEGORY[original.category],
          reason: original.reason,
          ...(original.field ? { field: original.field } : {}),
          ...(original.problems?.length ? { problems: original.problems } : {}),
        },
      };
    }
    const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
    if (code && CLIENT_CODES.has(code)) {
      // Variable coercion errors name the path in the message ("… at "input.birthYear"; …").
      const at = /at "([^"]+)"/.exec(formatted.message)?.[1] ?? /Variable "\$([^"]+)"/.exec(formatted.message)?.[1];
      // Apollo strips "Did you mean" from validation errors only; variables leak it too (#8086).
      const message = opts.hideSuggestions ? formatted.message.replace(/ ?Did you mean[^?]*\?/g, '') : formatted.message;
      return { ...base, message, extensions: { code, ...(at ? { field: at } : {}) } };
    }
    if (isApolloRequestRefusal(original)) return { ...base, message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    if (isTransientDatabaseError(original)) {
      return {
        ...base,
        message: 'The service is briefly unavailable; nothing was stored. Send the same request again.',
        extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
      };
    }
    const errorId = randomUUID();
    log(errorId, original);
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } };
  };
}
