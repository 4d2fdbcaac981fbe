import { AnonymisationError } from './anonymisation.errors.js';

// Quasi-identifier generalisation (PRODUCT.md; SECURITY.md #24; HIPAA Safe Harbor top-codes old ages).
// Bands: everyone under 20 shares '<20' (the registry is adults-only, so this is 18–19 and it also
// hides whether a stray minor is present); 10-year bands 20-29 … 70-79; '80+' is top-coded because
// older clients are few enough to single out.
export const AGE_BANDS = ['<20', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Oldest plausible age; anything above is a data error, not a very old client. */
const MAX_AGE = 130;

/**
 * Age band from the birth year only (we never store a birth date), so "age" is the age reached during
 * `atYear`: it can be one year above the age on a given day, which is fine for 10-year bands.
 */
export function ageBand(birthYear: number, atYear: number): AgeBand {
  if (!Number.isSafeInteger(birthYear) || !Number.isSafeInteger(atYear)) {
    throw new AnonymisationError('INVALID_BIRTH_YEAR', 'Birth year and reference year must be integers');
  }
  const age = atYear - birthYear;
  if (age < 0 || age > MAX_AGE) {
    throw new AnonymisationError('INVALID_BIRTH_YEAR', `Birth year ${birthYear} is not plausible for ${atYear}`);
  }
  if (age < 20) return '<20';
  if (age >= 80) return '80+';
  const lower = Math.floor(age / 10) * 10;
  return `${lower}-${lower + 9}` as AgeBand;
}

/** 'YYYY-MM' of the instant in UTC (never the server's zone). Accepts a Date or an ISO-8601 string. */
export function toMonth(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  const time = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(time)) throw new AnonymisationError('INVALID_DATE', 'Not a valid date');
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new AnonymisationError('INVALID_DATE', 'Year out of range');
  return `${String(year).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
