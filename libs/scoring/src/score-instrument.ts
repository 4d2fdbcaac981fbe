import type { Answers, InstrumentDefinition, ItemDefinition, ScaleDefinition, ScaleScore } from './instrument.types.js';
import { validateAnswers } from './validate-answers.js';

export class ScoringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScoringError';
  }
}

// Scores are rounded to 4 decimals: enough for every shipped rule (×4, ×25, prorated sums) and it
// removes binary floating-point noise such as 2.6666666666666665 × 25 = 66.66666666666666.
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Reverse scoring follows the item's wording (its flag), never its position: min + max − code. */
export function itemScore(item: ItemDefinition, code: number): number {
  if (!item.reverse) return code;
  const codes = item.options.map((o) => o.code);
  return Math.min(...codes) + Math.max(...codes) - code;
}

export function scoreScale(def: InstrumentDefinition, scale: ScaleDefinition, answers: Answers): ScaleScore {
  const items = scale.itemCodes.map((code) => {
    const item = def.items.find((i) => i.code === code);
    if (!item) throw new ScoringError(`scale ${scale.key} refers to unknown item ${code}`);
    return item;
  });
  const answered = items.flatMap((item) => {
    const v = answers[item.code];
    return v === null || v === undefined ? [] : [itemScore(item, v)];
  });
  const missing = items.length - answered.length;
  const base = { scaleKey: scale.key, answeredItems: answered.length, missingItems: missing };
  const allowed = scale.missing.kind === 'PRORATE' ? scale.missing.maxMissing : 0;
  if (answered.length === 0 || missing > allowed) {
    return { ...base, score: null, note: `${missing} of ${items.length} items missing; the rule allows ${allowed}` };
  }
  const sum = answered.reduce((a, b) => a + b, 0);
  const mean = sum / answered.length;
  // A prorated sum is the mean of the answered items × the number of items.
  const fullSum = missing === 0 ? sum : mean * items.length;
  let score: number;
  switch (scale.method) {
    case 'SUM':
      score = fullSum;
      break;
    case 'SUM_SCALED':
      score = fullSum * (scale.multiplier ?? 1);
      break;
    case 'MEAN_SCALED':
      score = mean * (scale.multiplier ?? 1);
      break;
    case 'SINGLE':
      if (items.length !== 1) throw new ScoringError(`SINGLE scale ${scale.key} must have exactly one item`);
      score = sum;
      break;
  }
  score = round4(score);
  if (score < scale.min || score > scale.max) {
    throw new ScoringError(`${scale.key} score ${score} outside its range ${scale.min}–${scale.max}`);
  }
  return { ...base, score, note: missing > 0 ? `prorated: ${missing} of ${items.length} items missing` : null };
}

/** One score per scale, in scale order. Answers must validate first (final submission rules). */
export function scoreInstrument(def: InstrumentDefinition, answers: Answers): ScaleScore[] {
  const issues = validateAnswers(def, answers, { final: true });
  if (issues.length > 0) throw new ScoringError(`answers do not validate: ${issues.map((i) => i.message).join('; ')}`);
  return def.scales.map((s) => scoreScale(def, s, answers));
}
