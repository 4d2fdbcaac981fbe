import { AGE_BANDS, ageBand, toMonth } from './generalisation.js';

describe('generalisation', () => {
  it.each([
    [2000, 2025, '20-29'],
    [1996, 2025, '20-29'],
    [1995, 2025, '30-39'],
    [2006, 2025, '<20'],
    [2010, 2025, '<20'],
    [1946, 2025, '70-79'],
    [1945, 2025, '80+'],
    [1920, 2025, '80+'],
  ])('born %i, in %i → %s', (birth, at, band) => {
    expect(ageBand(birth, at)).toBe(band);
  });

  it('every band it returns is in AGE_BANDS', () => {
    for (let age = 0; age <= 130; age++) expect(AGE_BANDS).toContain(ageBand(2025 - age, 2025));
  });

  it('rejects implausible birth years', () => {
    expect(() => ageBand(2030, 2025)).toThrow();
    expect(() => ageBand(1850, 2025)).toThrow();
    expect(() => ageBand(1990.5, 2025)).toThrow();
  });

  it('toMonth uses UTC, not the local zone', () => {
    expect(toMonth(new Date('2025-01-31T23:30:00-05:00'))).toBe('2025-02');
    expect(toMonth('2025-03-01T00:30:00+02:00')).toBe('2025-02');
    expect(toMonth(new Date(Date.UTC(2024, 11, 31, 23, 59, 59)))).toBe('2024-12');
  });

  it('toMonth rejects invalid dates', () => {
    expect(() => toMonth('not a date')).toThrow();
    expect(() => toMonth(new Date(Number.NaN))).toThrow();
  });
});
