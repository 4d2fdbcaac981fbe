import type { InstrumentDefinition } from '../instrument.types.js';
import { item, options } from './build.js';

// Satisfaction with the SMP result, written by this project: nine items, 0–4, score = mean of the
// answered items × 25 (0–100). Project rule: up to two items may be left out (mean of the rest).
const SATISFIED = options([
  [0, { en: 'Very dissatisfied' }],
  [1, { en: 'Dissatisfied' }],
  [2, { en: 'Neither satisfied nor dissatisfied' }],
  [3, { en: 'Satisfied' }],
  [4, { en: 'Very satisfied' }],
]);
const LIKELY = options([
  [0, { en: 'Very unlikely' }],
  [1, { en: 'Unlikely' }],
  [2, { en: 'Not sure' }],
  [3, { en: 'Likely' }],
  [4, { en: 'Very likely' }],
]);

const TEXTS = [
  'How satisfied are you with how natural your scalp looks?',
  'How satisfied are you with the shape and position of your hairline?',
  'How satisfied are you with how the pigment colour matches your skin and hair?',
  'How satisfied are you with how much it looks like real hair follicles up close?',
  'How satisfied are you with the density of the result?',
  'How satisfied were you with the comfort of the procedure?',
  'How satisfied were you with the recovery after the sessions?',
  'How satisfied are you with the value for money?',
];

export const SMP_SAT: InstrumentDefinition = {
  key: 'SMP_SAT',
  version: '1.0.0',
  title: { en: 'Satisfaction with scalp micropigmentation' },
  languages: ['en'],
  licence: 'SMP Outcomes Registry (project’s own)',
  items: [
    ...TEXTS.map((text, i) => item(`SMP_SAT_${i + 1}`, { en: text }, SATISFIED, { required: false })),
    item('SMP_SAT_9', { en: 'How likely are you to recommend this SMP treatment to a friend?' }, LIKELY, { required: false }),
  ],
  scales: [
    {
      key: 'SMP_SAT_SCORE',
      name: { en: 'Satisfaction (0–100)' },
      itemCodes: Array.from({ length: 9 }, (_, i) => `SMP_SAT_${i + 1}`),
      method: 'MEAN_SCALED',
      multiplier: 25,
      min: 0,
      max: 100,
      higherIsBetter: true,
      missing: { kind: 'PRORATE', maxMissing: 2 },
      mcid: null,
      reliability: null,
      source: 'SMP Outcomes Registry (project’s own instrument, not validated yet): mean of the answered items × 25 = 0–100; at most 2 of 9 items missing (project rule, mean of the answered). No reliability or MCID published.',
    },
  ],
};
