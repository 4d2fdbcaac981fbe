import type { ItemDefinition, LocalisedText, ResponseOption } from '../instrument.types.js';

// Small builders so each instrument file reads like the questionnaire it encodes.
export const options = (labels: readonly (readonly [number, LocalisedText])[]): ResponseOption[] =>
  labels.map(([code, label]) => ({ code, label }));

export const item = (code: string, text: LocalisedText, opts: ResponseOption[], flags: { reverse?: boolean; required?: boolean } = {}): ItemDefinition => ({
  code,
  text,
  options: opts,
  reverse: flags.reverse ?? false,
  required: flags.required ?? true,
});
