// One typed error for the library. `category` uses the same words as the API's AppError categories
// so the API can wrap it without a lookup; `reason` says which rule failed.
export type AnonymisationErrorCategory = 'BAD_INPUT' | 'CONFLICT';

export const AnonymisationErrorReason = {
  INVALID_MIN_CELL_SIZE: 'INVALID_MIN_CELL_SIZE',
  INVALID_BIRTH_YEAR: 'INVALID_BIRTH_YEAR',
  INVALID_DATE: 'INVALID_DATE',
  INVALID_PSEUDONYM_KEY: 'INVALID_PSEUDONYM_KEY',
  INVALID_CLINIC_ID: 'INVALID_CLINIC_ID',
  INVALID_TABLE: 'INVALID_TABLE',
  INVALID_EPSILON: 'INVALID_EPSILON',
  INVALID_BOUNDS: 'INVALID_BOUNDS',
  INVALID_NOISE_PARAMETER: 'INVALID_NOISE_PARAMETER',
  BUDGET_EXHAUSTED: 'BUDGET_EXHAUSTED',
} as const;
export type AnonymisationErrorReason = (typeof AnonymisationErrorReason)[keyof typeof AnonymisationErrorReason];

const CATEGORY_BY_REASON = {
  INVALID_MIN_CELL_SIZE: 'BAD_INPUT',
  INVALID_BIRTH_YEAR: 'BAD_INPUT',
  INVALID_DATE: 'BAD_INPUT',
  INVALID_PSEUDONYM_KEY: 'BAD_INPUT',
  INVALID_CLINIC_ID: 'BAD_INPUT',
  INVALID_TABLE: 'BAD_INPUT',
  INVALID_EPSILON: 'BAD_INPUT',
  INVALID_BOUNDS: 'BAD_INPUT',
  INVALID_NOISE_PARAMETER: 'BAD_INPUT',
  BUDGET_EXHAUSTED: 'CONFLICT',
} as const satisfies Record<AnonymisationErrorReason, AnonymisationErrorCategory>;

export class AnonymisationError extends Error {
  readonly category: AnonymisationErrorCategory;

  constructor(
    readonly reason: AnonymisationErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'AnonymisationError';
    this.category = CATEGORY_BY_REASON[reason];
  }
}
