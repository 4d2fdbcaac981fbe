import type { AnswerIssue, Answers, InstrumentDefinition } from './instrument.types.js';

/**
 * Checks answers against the instrument: unknown items, non-integers, codes outside the item's
 * options, and (for a final submission) required items left empty. Issues come in item order,
 * unknown keys last (sorted), so error messages are stable.
 */
export function validateAnswers(def: InstrumentDefinition, answers: Answers, opts: { final: boolean }): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const known = new Set(def.items.map((i) => i.code));
  for (const item of def.items) {
    const value = answers[item.code];
    if (value === null || value === undefined) {
      if (opts.final && item.required) {
        issues.push({ itemCode: item.code, kind: 'REQUIRED_MISSING', message: `${item.code} is required` });
      }
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      issues.push({ itemCode: item.code, kind: 'NOT_AN_INTEGER', message: `${item.code} must be a whole number` });
      continue;
    }
    const codes = item.options.map((o) => o.code);
    if (!codes.includes(value)) {
      issues.push({ itemCode: item.code, kind: 'INVALID_OPTION', message: `${item.code} must be one of ${codes.join(', ')} (got ${value})` });
    }
  }
  for (const code of Object.keys(answers).filter((k) => !known.has(k)).sort()) {
    issues.push({ itemCode: code, kind: 'UNKNOWN_ITEM', message: `${code} is not an item of ${def.key} ${def.version}` });
  }
  return issues;
}
