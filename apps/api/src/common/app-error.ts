// One error type for every feature: a category (what the caller did wrong), a reason code (which
// rule), a safe message and the offending field. The formatter maps categories to GraphQL codes.
export type ErrorCategory = 'BAD_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

export const GRAPHQL_CODE_BY_CATEGORY = {
  BAD_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
} as const satisfies Record<ErrorCategory, string>;

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class AppError extends Error {
  constructor(
    readonly category: ErrorCategory,
    readonly reason: string,
    message: string,
    readonly field?: string,
    readonly problems?: readonly FieldProblem[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badInput = (reason: string, message: string, field?: string, problems?: readonly FieldProblem[]) =>
  new AppError('BAD_INPUT', reason, message, field, problems);
export const notFound = (what: string, field?: string) =>
  new AppError('NOT_FOUND', `${what.toUpperCase().replace(/\s+/g, '_')}_NOT_FOUND`, `${what} not found`, field);
export const conflict = (reason: string, message: string, field?: string) => new AppError('CONFLICT', reason, message, field);
export const forbidden = (message = 'Not allowed') => new AppError('FORBIDDEN', 'FORBIDDEN', message);
export const unauthenticated = (message = 'Authentication required') =>
  new AppError('UNAUTHENTICATED', 'UNAUTHENTICATED', message);
