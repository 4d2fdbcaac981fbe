import type { AssignmentStatus, TimePoint } from './enums.js';

// PRODUCT.md "Protocol": follow-ups are due a whole number of 30-day months after the final
// session and open from due − 14 days to due + 28 days. Windows are whole UTC days: a window that
// closes "at due + 28 days" accepts answers until the end of that day.
export const DAY_MS = 86_400_000;
export const MONTH_DAYS = 30;
export const OPENS_BEFORE_DUE_DAYS = 14;
export const CLOSES_AFTER_DUE_DAYS = 28;

export const FOLLOW_UP_MONTHS: Readonly<Record<Exclude<TimePoint, 'BASELINE'>, number>> = {
  MONTH_1: 1,
  MONTH_3: 3,
  MONTH_6: 6,
  MONTH_12: 12,
};

export interface Window {
  readonly dueAt: Date | null;
  readonly opensAt: Date;
  /** Exclusive end; null = open-ended (baseline before the first session is known). */
  readonly closesAt: Date | null;
}

/** Parses `YYYY-MM-DD` as a UTC calendar day; throws on anything else (including 2025-02-30). */
export function parseIsoDate(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${value}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== value) throw new RangeError(`no such day: ${value}`);
  return d;
}

export function formatIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** Follow-up window anchored on the final session's day. */
export function followUpWindow(finalSessionDate: Date, timePoint: Exclude<TimePoint, 'BASELINE'>): Window {
  const due = addDays(finalSessionDate, FOLLOW_UP_MONTHS[timePoint] * MONTH_DAYS);
  return {
    dueAt: due,
    opensAt: addDays(due, -OPENS_BEFORE_DUE_DAYS),
    // + 1 day: the window includes the whole day due + 28.
    closesAt: addDays(due, CLOSES_AFTER_DUE_DAYS + 1),
  };
}

/**
 * Baseline: open from enrolment; "before the first session; the window closes at the first
 * session" — answers are accepted until the start (00:00 UTC) of the first session's day.
 */
export function baselineWindow(enrolledAt: Date, firstSessionDate: Date | null): Window {
  return { dueAt: firstSessionDate, opensAt: enrolledAt, closesAt: firstSessionDate };
}

export interface AssignmentState {
  readonly opensAt: Date;
  readonly closesAt: Date | null;
  readonly completedAt: Date | null;
  readonly cancelledAt: Date | null;
}

/** Status follows the clock; nothing has to run for an assignment to open or expire. */
export function assignmentStatus(a: AssignmentState, now: Date): AssignmentStatus {
  if (a.completedAt) return 'COMPLETED';
  if (a.cancelledAt) return 'CANCELLED';
  if (now.getTime() < a.opensAt.getTime()) return 'SCHEDULED';
  if (a.closesAt && now.getTime() >= a.closesAt.getTime()) return 'EXPIRED';
  return 'OPEN';
}

/** Open and past its due day: the clinic should chase it. */
export function isLate(a: AssignmentState & { dueAt: Date | null }, now: Date): boolean {
  return assignmentStatus(a, now) === 'OPEN' && a.dueAt !== null && now.getTime() >= addDays(a.dueAt, 1).getTime();
}
