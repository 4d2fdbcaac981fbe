import type { InstrumentDefinition, ItemDefinition, ResponseOption, ScaleDefinition } from './instrument.types.js';
import { itemScore, roundScore } from './score-instrument.js';

const INSTRUMENT_KEY = /^[A-Z][A-Z0-9_]{0,39}$/;
// Same pattern as the API's answer input, so every item can actually be answered.
const ITEM_CODE = /^[A-Z0-9_]{1,40}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const LANGUAGE = /^[a-z]{2,3}$/;
const METHODS = new Set(['SUM', 'SUM_SCALED', 'MEAN_SCALED', 'SINGLE']);
// Option codes are stored and served as 32-bit integers (GraphQL Int, PostgreSQL integer).
const INT32 = 2 ** 31;

const isText = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;

/**
 * Everything that makes a definition unpublishable, as human-readable problems (empty = fine):
 * malformed keys, codes and versions; missing texts for a declared language; options that are not
 * distinct integers; scales that refer to unknown items, declare a range the items cannot produce,
 * or have a missing-item rule, multiplier, MCID or reliability that scoring cannot use. Used by the
 * tests on the shipped instruments and by the API before an administrator publishes a version.
 */
export function checkInstrumentDefinition(def: InstrumentDefinition): string[] {
  const problems: string[] = [];
  if (!INSTRUMENT_KEY.test(String(def.key))) problems.push(`key ${def.key} must be 1–40 upper-case letters, digits and _, starting with a letter`);
  if (!SEMVER.test(String(def.version))) problems.push(`version ${def.version} must be MAJOR.MINOR.PATCH`);
  const languages: readonly string[] = Array.isArray(def.languages) ? def.languages : [];
  if (!languages.includes('en')) problems.push('languages must include en');
  if (new Set(languages).size !== languages.length) problems.push('languages lists a language twice');
  for (const lang of languages) if (!LANGUAGE.test(String(lang))) problems.push(`language ${lang} must be a lower-case ISO 639 code such as en or de`);
  const textsIn = (what: string, t: Readonly<Record<string, string>> | undefined) => {
    for (const lang of languages) if (!isText(t?.[lang])) problems.push(`${what} has no ${lang} text`);
  };
  textsIn('title', def.title);
  if (!isText(def.licence)) problems.push('licence must be stated');

  const items: readonly ItemDefinition[] = Array.isArray(def.items) ? def.items : [];
  if (items.length === 0) problems.push('an instrument needs at least one item');
  const byCode = new Map<string, ItemDefinition>();
  for (const item of items) {
    if (!ITEM_CODE.test(String(item.code))) problems.push(`item code ${item.code} must be 1–40 upper-case letters, digits and _`);
    if (byCode.has(item.code)) problems.push(`item ${item.code} appears twice`);
    byCode.set(item.code, item);
    textsIn(`item ${item.code}`, item.text);
    if (typeof item.reverse !== 'boolean') problems.push(`item ${item.code}: reverse must be true or false`);
    if (typeof item.required !== 'boolean') problems.push(`item ${item.code}: required must be true or false`);
    const options: readonly ResponseOption[] = Array.isArray(item.options) ? item.options : [];
    if (options.length < 2) problems.push(`item ${item.code} needs at least two options`);
    for (const o of options) textsIn(`item ${item.code} option ${o.code}`, o.label);
    const codes = options.map((o) => o.code);
    if (codes.some((c) => !Number.isInteger(c) || Math.abs(c) >= INT32)) problems.push(`item ${item.code} has an option code that is not a 32-bit integer`);
    if (new Set(codes).size !== codes.length) problems.push(`item ${item.code} has duplicate option codes`);
  }

  const scaleKeys = new Set<string>();
  const scales: readonly ScaleDefinition[] = Array.isArray(def.scales) ? def.scales : [];
  for (const scale of scales) {
    if (!INSTRUMENT_KEY.test(String(scale.key))) problems.push(`scale key ${scale.key} must be 1–40 upper-case letters, digits and _, starting with a letter`);
    if (scaleKeys.has(scale.key)) problems.push(`scale ${scale.key} appears twice`);
    scaleKeys.add(scale.key);
    problems.push(...checkScale(scale, byCode, textsIn));
  }
  return problems;
}

function checkScale(
  scale: ScaleDefinition,
  byCode: ReadonlyMap<string, ItemDefinition>,
  textsIn: (what: string, t: Readonly<Record<string, string>> | undefined) => void,
): string[] {
  const problems: string[] = [];
  const s = `scale ${scale.key}`;
  textsIn(`${s} name`, scale.name);
  if (!isText(scale.source)) problems.push(`${s} must state the source of its scoring rule`);
  if (typeof scale.higherIsBetter !== 'boolean') problems.push(`${s}: higherIsBetter must be true or false`);
  if (!METHODS.has(scale.method)) problems.push(`${s} has unknown method ${scale.method}`);

  const scaled = scale.method === 'SUM_SCALED' || scale.method === 'MEAN_SCALED';
  if (scaled && !(typeof scale.multiplier === 'number' && Number.isFinite(scale.multiplier) && scale.multiplier > 0)) {
    problems.push(`${s}: ${scale.method} needs a positive multiplier`);
  }
  // A multiplier on SUM or SINGLE would be silently ignored by scoring.
  if (!scaled && scale.multiplier !== undefined) problems.push(`${s}: ${scale.method} takes no multiplier`);

  const codes: readonly string[] = Array.isArray(scale.itemCodes) ? scale.itemCodes : [];
  if (codes.length === 0) problems.push(`${s} has no items`);
  if (new Set(codes).size !== codes.length) problems.push(`${s} lists an item twice`);
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length > 0) problems.push(`${s} refers to unknown item(s) ${unknown.join(', ')}`);
  if (scale.method === 'SINGLE' && codes.length !== 1) problems.push(`SINGLE ${s} must have exactly one item`);

  const items = codes.flatMap((c) => byCode.get(c) ?? []);
  const ranges = items
    .filter((i) => Array.isArray(i.options) && i.options.length > 0)
    .map((i) => {
      const scores = i.options.map((o) => itemScore(i, o.code));
      return [Math.min(...scores), Math.max(...scores)] as const;
    });

  if (scale.missing?.kind === 'PRORATE') {
    const k = scale.missing.maxMissing;
    if (!Number.isInteger(k) || k < 1 || k >= codes.length) problems.push(`${s}: maxMissing must be an integer from 1 to the item count − 1`);
    // Prorating replaces missing items by the mean of the answered ones: it stays within the
    // declared range only when every item has the same score range.
    if (new Set(ranges.map(([lo, hi]) => `${lo}..${hi}`)).size > 1) problems.push(`${s}: prorating needs items with the same score range`);
  } else if (scale.missing?.kind === 'NONE_ALLOWED') {
    // With no missing items allowed, an optional item would let a final submission go unscored.
    const optional = items.filter((i) => i.required === false).map((i) => i.code);
    if (optional.length > 0) problems.push(`${s} allows no missing items, so ${optional.join(', ')} must be required`);
  } else {
    problems.push(`${s} has an unknown missing-item rule`);
  }

  if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.min < scale.max)) {
    problems.push(`${s}: min and max must be finite with min < max`);
  } else if (unknown.length === 0 && ranges.length === codes.length && codes.length > 0 && METHODS.has(scale.method)) {
    // The declared range must be exactly what the items can produce, computed as scoring does.
    const lows = ranges.reduce((a, [lo]) => a + lo, 0);
    const highs = ranges.reduce((a, [, hi]) => a + hi, 0);
    const m = scale.multiplier ?? 1;
    const [lo, hi] =
      scale.method === 'MEAN_SCALED'
        ? [roundScore(lows * m, codes.length), roundScore(highs * m, codes.length)]
        : scale.method === 'SUM_SCALED'
          ? [roundScore(lows * m), roundScore(highs * m)]
          : [lows, highs];
    if (lo !== scale.min || hi !== scale.max) problems.push(`${s} declares ${scale.min}–${scale.max} but its items give ${lo}–${hi}`);
  }

  if (scale.mcid !== null && !(typeof scale.mcid === 'number' && scale.mcid > 0 && scale.mcid <= scale.max - scale.min)) {
    problems.push(`${s}: mcid must be null or a positive number of scale points no larger than the range`);
  }
  // Reliable change uses √(1 − r): r must lie strictly between 0 and 1.
  if (scale.reliability !== null && !(typeof scale.reliability === 'number' && scale.reliability > 0 && scale.reliability < 1)) {
    problems.push(`${s}: reliability must be null or strictly between 0 and 1`);
  }
  return problems;
}
