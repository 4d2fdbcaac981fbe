// decideMode: which requests are answered exactly and which need ε (PRODUCT.md "Anonymisation rules":
// exact figures only from the fixed catalogue over the monthly snapshot; anything else is noisy).
// Catalogue = no filter, at most one of HAIR_LOSS_TYPE / SEX / AGE_BAND / CLINIC, not live.
import type { MilliEpsilon } from '../../anonymisation/src/index.js';
import { EXACT_GROUPINGS, type ReportDimension, type ReportFilters, REPORT_DIMENSIONS, decideMode, hasFilters } from './report-request.js';
import { refusal } from './report-fixture.spec-helper.js';

const eps = (milli: number) => milli as MilliEpsilon;
const ask = (over: { filters?: ReportFilters; groupBy?: ReportDimension[]; live?: boolean; epsilon?: MilliEpsilon | null }) =>
  decideMode({ filters: over.filters ?? {}, groupBy: over.groupBy ?? [], live: over.live ?? false, epsilon: over.epsilon ?? null });

const CATALOGUE: ReportDimension[] = ['HAIR_LOSS_TYPE', 'SEX', 'AGE_BAND', 'CLINIC'];
const NON_CATALOGUE = REPORT_DIMENSIONS.filter((d) => !CATALOGUE.includes(d));

describe('decideMode: the catalogue is EXACT', () => {
  it('the catalogue groupings are exactly HAIR_LOSS_TYPE, SEX, AGE_BAND and CLINIC', () => {
    expect([...EXACT_GROUPINGS].sort()).toEqual([...CATALOGUE].sort());
    expect(NON_CATALOGUE.sort()).toEqual(['AREAS_TREATED', 'COUNTRY', 'FITZPATRICK_TYPE', 'INSURANCE_COVERAGE', 'TREATMENT_MONTH']);
  });

  it('no filter and no grouping on the snapshot → EXACT', () => {
    expect(ask({})).toEqual({ kind: 'EXACT' });
  });

  it.each(CATALOGUE)('one catalogue grouping (%s) on the snapshot → EXACT', (g) => {
    expect(ask({ groupBy: [g] })).toEqual({ kind: 'EXACT' });
  });

  it('empty filter lists are no filter (matchesFilters ignores them too)', () => {
    const filters: ReportFilters = { hairLossTypes: [], sexes: [], ageBands: [], fitzpatrickTypes: [], countries: [], areasTreated: [], insuranceCoverages: [] };
    expect(hasFilters(filters)).toBe(false);
    expect(ask({ filters, groupBy: ['SEX'] })).toEqual({ kind: 'EXACT' });
  });
});

describe('decideMode: everything else needs ε (NOISE_REQUIRED on field "epsilon")', () => {
  const filterCases: [string, ReportFilters][] = [
    ['hairLossTypes', { hairLossTypes: ['ALOPECIA_AREATA'] }],
    ['sexes', { sexes: ['FEMALE'] }],
    ['ageBands', { ageBands: ['30-39'] }],
    ['fitzpatrickTypes', { fitzpatrickTypes: [5] }],
    ['countries', { countries: ['FR'] }],
    ['areasTreated', { areasTreated: ['SCAR'] }],
    ['insuranceCoverages', { insuranceCoverages: ['FULL'] }],
    ['treatmentMonthFrom', { treatmentMonthFrom: '2025-01' }],
    ['treatmentMonthTo', { treatmentMonthTo: '2025-06' }],
  ];

  it.each(filterCases)('a %s filter (even with no grouping)', (_name, filters) => {
    expect(hasFilters(filters)).toBe(true);
    const e = refusal(() => ask({ filters }));
    expect([e.reason, e.field]).toEqual(['NOISE_REQUIRED', 'epsilon']);
  });

  it.each(NON_CATALOGUE)('a non-catalogue grouping (%s)', (g) => {
    const e = refusal(() => ask({ groupBy: [g] }));
    expect([e.reason, e.field]).toEqual(['NOISE_REQUIRED', 'epsilon']);
  });

  it('two catalogue groupings together (HAIR_LOSS_TYPE × SEX)', () => {
    const e = refusal(() => ask({ groupBy: ['HAIR_LOSS_TYPE', 'SEX'] }));
    expect([e.reason, e.field]).toEqual(['NOISE_REQUIRED', 'epsilon']);
  });

  it('live data without ε, even for the plain catalogue report', () => {
    for (const groupBy of [[], ['SEX']] as ReportDimension[][]) {
      const e = refusal(() => ask({ groupBy, live: true }));
      expect([e.reason, e.field]).toEqual(['NOISE_REQUIRED', 'epsilon']);
    }
  });
});

describe('decideMode: an ε always gives NOISY, with that ε', () => {
  it.each<[string, Parameters<typeof ask>[0]]>([
    ['the catalogue itself', { groupBy: ['SEX'] }],
    ['no grouping at all', {}],
    ['a filter', { filters: { countries: ['GB'] } }],
    ['two groupings', { groupBy: ['AGE_BAND', 'COUNTRY'] }],
    ['live', { live: true, groupBy: ['TREATMENT_MONTH'] }],
  ])('%s', (_name, over) => {
    expect(ask({ ...over, epsilon: eps(250) })).toEqual({ kind: 'NOISY', epsilon: 250 });
  });
});

describe('decideMode: malformed groupings are refused before anything else', () => {
  it('more than 2 groupings → TOO_MANY_GROUPINGS on "groupBy", with or without ε', () => {
    for (const epsilon of [null, eps(1000)]) {
      const e = refusal(() => ask({ groupBy: ['SEX', 'AGE_BAND', 'COUNTRY'], epsilon }));
      expect([e.reason, e.field]).toEqual(['TOO_MANY_GROUPINGS', 'groupBy']);
    }
  });

  it('a grouping named twice → DUPLICATE_GROUPING on "groupBy", with or without ε', () => {
    for (const epsilon of [null, eps(1000)]) {
      const e = refusal(() => ask({ groupBy: ['SEX', 'SEX'], epsilon }));
      expect([e.reason, e.field]).toEqual(['DUPLICATE_GROUPING', 'groupBy']);
    }
  });

  it('the error is a named Error subclass carrying reason and field', () => {
    const e = refusal(() => ask({ groupBy: ['COUNTRY'] }));
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ReportRequestError');
    expect(e.message).toMatch(/epsilon/);
  });
});
