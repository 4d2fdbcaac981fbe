import type { InstrumentDefinition } from '../instrument.types.js';
import { item, options } from './build.js';

// Hair-loss distress and social ease, written by this project: six items about the last two weeks,
// 0–4, sum 0–24; a higher score means MORE distress. Project rule: one item may be left out and
// the sum is then prorated (mean of the five answered items × 6).
const AMOUNT = options([
  [0, { en: 'Not at all' }],
  [1, { en: 'A little' }],
  [2, { en: 'Moderately' }],
  [3, { en: 'Quite a bit' }],
  [4, { en: 'Extremely' }],
]);

const TEXTS = [
  'In the last two weeks, how much have you worried about how your hair loss looks to others?',
  'In the last two weeks, how much have you avoided social situations because of your hair or scalp?',
  'In the last two weeks, how much have you relied on hats, hairpieces or concealers to hide your hair loss?',
  'In the last two weeks, how uncomfortable have you felt about being photographed?',
  'In the last two weeks, how much has your hair loss made you feel less confident at work or in your studies?',
  'In the last two weeks, how self-conscious has your hair loss made you feel with a partner or when dating?',
];

export const HLD: InstrumentDefinition = {
  key: 'HLD',
  version: '1.0.0',
  title: { en: 'Hair-loss distress and social ease' },
  languages: ['en'],
  licence: 'SMP Outcomes Registry (project’s own)',
  items: TEXTS.map((text, i) => item(`HLD_${i + 1}`, { en: text }, AMOUNT, { required: false })),
  scales: [
    {
      key: 'HLD_TOTAL',
      name: { en: 'Hair-loss distress (higher is worse)' },
      itemCodes: TEXTS.map((_, i) => `HLD_${i + 1}`),
      method: 'SUM',
      min: 0,
      max: 24,
      higherIsBetter: false,
      missing: { kind: 'PRORATE', maxMissing: 1 },
      mcid: null,
      reliability: null,
      source: 'SMP Outcomes Registry (project’s own instrument, not validated yet): sum 0–24, higher = more distress; at most 1 of 6 items missing, prorated as sum × 6 / 5 (project rule). No reliability or MCID published.',
    },
  ],
};
