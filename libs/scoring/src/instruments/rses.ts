import type { InstrumentDefinition } from '../instrument.types.js';
import { item, options } from './build.js';

// Rosenberg Self-Esteem Scale (Rosenberg 1965), public domain, in the original item order.
// Answers are coded by agreement (strongly disagree 0 … strongly agree 3). The negatively worded
// items 2, 5, 6, 8 and 9 are reverse-scored because of their wording (flag per item, never by
// position: other published orders reverse 3, 5, 8, 9, 10). Total 0–30, higher = more self-esteem.
const AGREE = options([
  [3, { en: 'Strongly agree' }],
  [2, { en: 'Agree' }],
  [1, { en: 'Disagree' }],
  [0, { en: 'Strongly disagree' }],
]);

const TEXTS: readonly [string, boolean][] = [
  ['On the whole, I am satisfied with myself.', false],
  ['At times I think I am no good at all.', true],
  ['I feel that I have a number of good qualities.', false],
  ['I am able to do things as well as most other people.', false],
  ['I feel I do not have much to be proud of.', true],
  ['I certainly feel useless at times.', true],
  ["I feel that I'm a person of worth, at least on an equal plane with others.", false],
  ['I wish I could have more respect for myself.', true],
  ['All in all, I am inclined to feel that I am a failure.', true],
  ['I take a positive attitude toward myself.', false],
];

export const RSES: InstrumentDefinition = {
  key: 'RSES',
  version: '1.0.0',
  title: { en: 'Rosenberg Self-Esteem Scale' },
  languages: ['en'],
  licence: 'Public domain (Rosenberg 1965)',
  items: TEXTS.map(([text, reverse], i) => item(`RSES_${i + 1}`, { en: text }, AGREE, { reverse })),
  scales: [
    {
      key: 'RSES_TOTAL',
      name: { en: 'Self-esteem' },
      itemCodes: TEXTS.map((_, i) => `RSES_${i + 1}`),
      method: 'SUM',
      min: 0,
      max: 30,
      higherIsBetter: true,
      // Rosenberg (1965) gives no rule for missing items; the registry takes the conservative one:
      // every item is required and an incomplete form gets no score.
      missing: { kind: 'NONE_ALLOWED' },
      // No MCID for RSES that we can cite: null.
      mcid: null,
      reliability: 0.88,
      source:
        'Rosenberg M. Society and the Adolescent Self-Image. Princeton University Press, 1965 (items, reverse items 2, 5, 6, 8, 9; sum 0–30). ' +
        'Missing items: none allowed (registry rule; Rosenberg gives no missing-item rule and we found no citable prorating convention). ' +
        'Reliability α = 0.88: Gray-Little B, Williams VSL, Hancock TD. An item response theory analysis of the Rosenberg Self-Esteem Scale. Pers Soc Psychol Bull 1997;23:443–451. ' +
        'MCID: none established.',
    },
  ],
};
