import type { InstrumentDefinition } from './instrument.types.js';
import { itemScore } from './score-instrument.js';

/**
 * Problems that make a definition unpublishable: unknown or duplicate codes, missing English text,
 * options that are not distinct integers, a declared range that the items cannot produce.
 */
export function checkInstrumentDefinition(def: InstrumentDefinition): string[] {
  const problems: string[] = [];
  if (!/^[A-Z][A-Z0-9_]{1,39}$/.test(def.key)) problems.push(`key ${def.key} must be upper-case letters, digits and _`);
  if (!/^\d+\.\d+\.\d+$/.test(def.version)) problems.push(`version ${def.version} must be MAJOR.MINOR.PATCH`);
  if (!def.languages.includes('en')) problems.push('languages must include en');
  if (!def.title['en']) problems.push('title needs an en text');
  const codes = new Set<string>();
  for (const item of def.items) {
    if (codes.has(item.code)) problems.push(`item ${item.code} appears twice`);
    codes.add(item.code);
    for (const lang of def.languages) {
      if (!item.text[lang]) problems.push(`item ${item.code} has no ${lang} text`);
      for (const o of item.options) if (!o.label[lang]) problems.push(`item ${item.code} option ${o.code} has no ${lang} label`);
    }
    const optionCodes = item.options.map((o) => o.code);
    if (optionCodes.length < 2) problems.push(`item ${item.code} needs at least two options`);
    if (optionCodes.some((c) => !Number.isInteger(c))) problems.push(`item ${item.code} has a non-integer option code`);
    if (new Set(optionCodes).size !== optionCodes.length) problems.push(`item ${item.code} has duplicate option codes`);
  }
  const scaleKeys = new Set<string>();
  for (const scale of def.scales) {
    if (scaleKeys.has(scale.key)) problems.push(`scale ${scale.key} appears twice`);
    scaleKeys.add(scale.key);
    const items = scale.itemCodes.map((c) => def.items.find((i) => i.code === c));
    if (items.some((i) => !i)) {
      problems.push(`scale ${scale.key} refers to an unknown item`);
      continue;
    }
    if (scale.method === 'SINGLE' && items.length !== 1) problems.push(`SINGLE scale ${scale.key} must have one item`);
    if (scale.missing.kind === 'PRORATE' && (scale.missing.maxMissing < 1 || scale.missing.maxMissing >= items.length)) {
      problems.push(`scale ${scale.key}: maxMissing must be between 1 and the item count − 1`);
    }
    // The declared range must be exactly what the items can produce.
    const lows = items.map((i) => Math.min(...i!.options.map((o) => itemScore(i!, o.code))));
    const highs = items.map((i) => Math.max(...i!.options.map((o) => itemScore(i!, o.code))));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const m = scale.multiplier ?? 1;
    const [lo, hi] =
      scale.method === 'MEAN_SCALED'
        ? [(sum(lows) / items.length) * m, (sum(highs) / items.length) * m]
        : scale.method === 'SUM_SCALED'
          ? [sum(lows) * m, sum(highs) * m]
          : [sum(lows), sum(highs)];
    if (lo !== scale.min || hi !== scale.max) problems.push(`scale ${scale.key} declares ${scale.min}–${scale.max} but its items give ${lo}–${hi}`);
  }
  return problems;
}
