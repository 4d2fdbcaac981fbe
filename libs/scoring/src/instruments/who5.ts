import type { InstrumentDefinition } from '../instrument.types.js';
import { item, options } from './build.js';

// WHO-5 Well-Being Index (WHO Regional Office for Europe, 1998), free to use. Five items about the
// last two weeks, 0–5; raw sum 0–25 × 4 = 0–100. No prorating: a missing item means no score.
// ≤ 50 suggests poor wellbeing, ≤ 28 likely depression (Topp et al. 2015). German texts: the
// official German version (Psychiatric Research Unit, WHO Collaborating Centre in Mental Health,
// Hillerød, 1998).
const FREQUENCY = options([
  [5, { en: 'All of the time', de: 'Die ganze Zeit' }],
  [4, { en: 'Most of the time', de: 'Meistens' }],
  [3, { en: 'More than half of the time', de: 'Etwas mehr als die Hälfte der Zeit' }],
  [2, { en: 'Less than half of the time', de: 'Etwas weniger als die Hälfte der Zeit' }],
  [1, { en: 'Some of the time', de: 'Ab und zu' }],
  [0, { en: 'At no time', de: 'Zu keinem Zeitpunkt' }],
]);

const TEXTS = [
  { en: 'Over the last two weeks I have felt cheerful and in good spirits.', de: 'In den letzten zwei Wochen war ich froh und guter Laune.' },
  { en: 'Over the last two weeks I have felt calm and relaxed.', de: 'In den letzten zwei Wochen habe ich mich ruhig und entspannt gefühlt.' },
  { en: 'Over the last two weeks I have felt active and vigorous.', de: 'In den letzten zwei Wochen habe ich mich energisch und aktiv gefühlt.' },
  { en: 'Over the last two weeks I woke up feeling fresh and rested.', de: 'In den letzten zwei Wochen habe ich mich beim Aufwachen frisch und ausgeruht gefühlt.' },
  { en: 'Over the last two weeks my daily life has been filled with things that interest me.', de: 'In den letzten zwei Wochen war mein Alltag voller Dinge, die mich interessieren.' },
];

export const WHO5: InstrumentDefinition = {
  key: 'WHO5',
  version: '1.0.0',
  title: { en: 'WHO-5 Well-Being Index', de: 'WHO-5-Fragebogen zum Wohlbefinden' },
  languages: ['en', 'de'],
  licence: 'WHO Regional Office for Europe; free to use',
  items: TEXTS.map((text, i) => item(`WHO5_${i + 1}`, text, FREQUENCY)),
  scales: [
    {
      key: 'WHO5_PERCENT',
      name: { en: 'Wellbeing (0–100)', de: 'Wohlbefinden (0–100)' },
      itemCodes: TEXTS.map((_, i) => `WHO5_${i + 1}`),
      method: 'SUM_SCALED',
      multiplier: 4,
      min: 0,
      max: 100,
      higherIsBetter: true,
      missing: { kind: 'NONE_ALLOWED' },
      mcid: 10,
      reliability: 0.84,
      source:
        'WHO Regional Office for Europe 1998; Topp CW, Østergaard SD, Søndergaard S, Bech P. Psychother Psychosom 2015;84:167–176 ' +
        '(raw × 4 = 0–100, no prorating, a 10-point change is clinically relevant). Reliability 0.84: a typical Cronbach α of the validations ' +
        'that review summarises (α mostly above 0.8); the registry uses its own α once n ≥ 30.',
    },
  ],
};
