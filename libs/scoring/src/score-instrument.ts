import type { AnswerIssue, Answers, InstrumentDefinition, ItemDefinition, ScaleDefinition, ScaleScore } from './instrument.types.js';
import { answerOf, validateAnswers } from './validate-answers.js';

export type ScoringErrorCode =
  /** The answers do not validate against the instrument (see `issues`). */
  | 'INVALID_ANSWERS'
  /** The definition cannot be scored (unknown scale item, SINGLE scale with several items…). */
  | 'INVALID_DEFINITION'
  /** The computed score falls outside the scale's declared range: a definition bug, never stored. */
  | 'OUT_OF_RANGE';

export class ScoringError extends Error {
  readonly code: ScoringErrorCode;
  /** The validation issues when `code` is INVALID_ANSWERS, else empty. */
  readonly issues: readonly AnswerIssue[];

  constructor(code: ScoringErrorCode, message: string, issues: readonly AnswerIssue[] = []) {
    super(message);
    this.name = 'ScoringError';
    this.code = code;
    this.issues = issues;
  }
}

/**
 * Scale scores are rounded to at most 4 decimal places (half away from zero). Every shipped rule
 * gives a value with ≤ 4 decimals or a repeating fraction (SMP_SAT 19/7 × 25 = 67.857142…), and 4
 * places keep the rounding error (≤ 0.00005) far below any MCID while removing binary noise.
 */
export const SCORE_DECIMALS = 4;
const SCALE = 10 ** SCORE_DECIMALS;

/**
 * `numerator / denominator` rounded to SCORE_DECIMALS. Scores are computed as one fraction of
 * integers (sum × multiplier × items / answered) and divided once, so exact results stay exact:
 * 19 × 25 / 7 rather than (19 / 7) × 25 = 67.85714285714286 with its own rounding error.
 */
export function roundScore(numerator: number, denominator = 1): number {
  const scaled = (Math.abs(numerator) * SCALE) / Math.abs(denominator);
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const rounded = (sign * Math.round(scaled)) / SCALE;
  return rounded === 0 ? 0 : rounded; // no −0
}

/** Reverse scoring follows the item's wording (its flag), never its position: min + max − code. */
export function itemScore(item: ItemDefinition, code: number): number {
  if (!item.reverse) return code;
  const codes = item.options.map((o) => o.code);
  return Math.min(...codes) + Math.max(...codes) - code;
}

function scaleItems(def: InstrumentDefinition, scale: ScaleDefinition): ItemDefinition[] {
  if (scale.itemCodes.length === 0) throw new ScoringError('INVALID_DEFINITION', `scale ${scale.key} has no items`);
  if (scale.method === 'SINGLE' && scale.itemCodes.length !== 1) {
    throw new ScoringError('INVALID_DEFINITION', `SINGLE scale ${scale.key} must have exactly one item`);
  }
  return scale.itemCodes.map((code) => {
    const item = def.items.find((i) => i.code === code);
    if (!item) throw new ScoringError('INVALID_DEFINITION', `scale ${scale.key} refers to unknown item ${code}`);
    return item;
  });
}

function assertValid(def: InstrumentDefinition, answers: Answers, final: boolean): void {
  const issues = validateAnswers(def, answers, { final });
  if (issues.length > 0) {
    throw new ScoringError('INVALID_ANSWERS', `answers do not validate against ${def.key} ${def.version}: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
}

/**
 * One scale's score. The answers must validate as a draft (known items, integer option codes; else
 * ScoringError INVALID_ANSWERS); missing items are then handled by the scale's missing-item rule
 * and give `score: null` with a note when the rule forbids a score.
 */
export function scoreScale(def: InstrumentDefinition, scale: ScaleDefinition, answers: Answers): ScaleScore {
  assertValid(def, answers, false);
  return scoreValidated(def, scale, answers);
}

function scoreValidated(def: InstrumentDefinition, scale: ScaleDefinition, answers: Answers): ScaleScore {
  const items = scaleItems(def, scale);
  const answered = items.flatMap((item) => {
    const v = answerOf(answers, item.code);
    // Validated before: an answer is one of the item's integer option codes.
    return typeof v === 'number' ? [itemScore(item, v)] : [];
  });
  const n = answered.length;
  const total = items.length;
  const missing = total - n;
  const base = { scaleKey: scale.key, answeredItems: n, missingItems: missing };
  const allowed = scale.missing.kind === 'PRORATE' ? scale.missing.maxMissing : 0;
  if (n === 0 || missing > allowed) {
    return { ...base, score: null, note: `no score: ${missing} of ${total} items missing, the rule allows ${allowed}` };
  }
  const sum = answered.reduce((a, b) => a + b, 0);
  const m = scale.multiplier ?? 1;
  // score = numerator / denominator, divided once (see roundScore).
  let numerator: number;
  let denominator: number;
  switch (scale.method) {
    case 'SUM':
    case 'SUM_SCALED':
      // A prorated sum is the mean of the answered items × the item count: sum × total / n.
      numerator = sum * total * (scale.method === 'SUM_SCALED' ? m : 1);
      denominator = n;
      break;
    case 'MEAN_SCALED':
      numerator = sum * m;
      denominator = n;
      break;
    case 'SINGLE':
      numerator = sum;
      denominator = 1;
      break;
    default:
      throw new ScoringError('INVALID_DEFINITION', `scale ${scale.key} has unknown method ${String((scale as { method: unknown }).method)}`);
  }
  const score = roundScore(numerator, denominator);
  // Scoring must never store a value outside the declared range (NaN included).
  if (!Number.isFinite(score) || score < scale.min || score > scale.max) {
    throw new ScoringError('OUT_OF_RANGE', `${scale.key} score ${score} outside its range ${scale.min}–${scale.max}`);
  }
  const note = missing > 0 ? `prorated: ${missing} of ${total} items missing, ${scale.method === 'MEAN_SCALED' ? 'mean of' : 'scaled up from'} the ${n} answered` : null;
  return { ...base, score, note };
}

/**
 * One score per scale, in scale order. The answers must pass the final-submission validation
 * (required items answered), else ScoringError INVALID_ANSWERS.
 */
export function scoreInstrument(def: InstrumentDefinition, answers: Answers): ScaleScore[] {
  assertValid(def, answers, true);
  return def.scales.map((s) => scoreValidated(def, s, answers));
}
