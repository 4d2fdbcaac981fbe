import type { InstrumentDefinition } from '../instrument.types.js';
import { item, options } from './build.js';

// Patient Global Impression of Change: one item, 7 points, in the Guy (1976) CGI-I wording where
// 1 = very much improved and 7 = very much worse. So a higher score is WORSE.
const CHANGE = options([
  [1, { en: 'Very much improved' }],
  [2, { en: 'Much improved' }],
  [3, { en: 'Minimally improved' }],
  [4, { en: 'No change' }],
  [5, { en: 'Minimally worse' }],
  [6, { en: 'Much worse' }],
  [7, { en: 'Very much worse' }],
]);

export const PGIC: InstrumentDefinition = {
  key: 'PGIC',
  version: '1.0.0',
  title: { en: 'Patient Global Impression of Change' },
  languages: ['en'],
  licence: 'Public (Guy 1976, ECDEU Assessment Manual)',
  items: [
    item(
      'PGIC_1',
      { en: 'Since before your first SMP session, how would you describe the change (if any) in how you feel about your appearance and your life overall?' },
      CHANGE,
    ),
  ],
  scales: [
    {
      key: 'PGIC',
      name: { en: 'Global impression of change (1 = very much improved)' },
      itemCodes: ['PGIC_1'],
      method: 'SINGLE',
      min: 1,
      max: 7,
      higherIsBetter: false,
      missing: { kind: 'NONE_ALLOWED' },
      // A single global rating: no internal consistency, and it is itself the usual anchor for MCIDs.
      mcid: null,
      reliability: null,
      source:
        'Guy W. ECDEU Assessment Manual for Psychopharmacology. US DHEW, 1976 (CGI-I wording: 1 = very much improved … 7 = very much worse; ' +
        'single item scored as answered, so higher is worse). Missing: none allowed (one item). No MCID or reliability.',
    },
  ],
};
