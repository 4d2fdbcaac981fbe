import type { AnswerIssue, Answers, InstrumentDefinition } from './instrument.types.js';

/**
 * The answer to one item, or undefined when it is not answered. Own properties only, so an item
 * coded like an Object.prototype member (`constructor`) is not "answered" by the prototype.
 */
export function answerOf(answers: Answers, itemCode: string): unknown {
  return Object.hasOwn(answers, itemCode) ? answers[itemCode] : undefined;
}

/**
 * Checks answers against the instrument: non-integers (NaN and ±Infinity included), codes outside
 * the item's options, (for a final submission only) required items left empty, and keys that are
 * no item of the instrument. Issues come in the instrument's item order, then the unknown keys
 * sorted, so messages are stable. `null` / absent means not answered, which a draft allows.
 */
export function validateAnswers(def: InstrumentDefinition, answers: Answers, opts: { final: boolean }): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const known = new Set(def.items.map((i) => i.code));
  for (const item of def.items) {
    const value = answerOf(answers, item.code);
    if (value === null || value === undefined) {
      if (opts.final && item.required) {
        issues.push({ itemCode: item.code, kind: 'REQUIRED_MISSING', message: `${item.code} is required but not answered` });
      }
      continue;
    }
    // Answers may come from untyped JSON: anything but an integer number is refused here.
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      issues.push({ itemCode: item.code, kind: 'NOT_AN_INTEGER', message: `${item.code} must be a whole number (got ${String(value)})` });
      continue;
    }
    const codes = item.options.map((o) => o.code);
    if (!codes.includes(value)) {
      const allowed = [...codes].sort((a, b) => a - b).join(', ');
      issues.push({ itemCode: item.code, kind: 'INVALID_OPTION', message: `${item.code} must be one of ${allowed} (got ${value})` });
    }
  }
  const unknown = Object.keys(answers)
    .filter((k) => !known.has(k))
    .sort();
  for (const code of unknown) {
    issues.push({ itemCode: code, kind: 'UNKNOWN_ITEM', message: `${code} is not an item of ${def.key} ${def.version}` });
  }
  return issues;
}
