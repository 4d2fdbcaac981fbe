import { AnonymisationError } from './anonymisation.errors.js';

/** Default k (PRODUCT.md; CMS cell-size policy suppresses 1–10). */
export const DEFAULT_MIN_CELL_SIZE = 10;
/** Floor for k: PRODUCT.md "never below 5" (PEDSnet 5). */
export const MIN_ALLOWED_CELL_SIZE = 5;

/**
 * The k used for every researcher report. Called once at startup so a bad setting fails the boot,
 * not a report. Accepts the raw env string too; empty or missing → the default.
 */
export function resolveMinCellSize(configured?: number | string | null): number {
  if (configured === undefined || configured === null || configured === '') return DEFAULT_MIN_CELL_SIZE;
  const k = typeof configured === 'string' ? (/^\s*\d+\s*$/.test(configured) ? Number(configured) : NaN) : configured;
  assertMinCellSize(k);
  return k;
}

export function assertMinCellSize(k: number): void {
  if (!Number.isSafeInteger(k) || k < MIN_ALLOWED_CELL_SIZE) {
    throw new AnonymisationError(
      'INVALID_MIN_CELL_SIZE',
      `Minimum cell size k must be an integer ≥ ${MIN_ALLOWED_CELL_SIZE}, got ${String(k)}`,
    );
  }
}
