import { AnonymisationError } from './anonymisation.errors.js';
import { DEFAULT_MIN_CELL_SIZE, resolveMinCellSize } from './min-cell-size.js';

describe('resolveMinCellSize', () => {
  it('defaults to 10', () => {
    expect(resolveMinCellSize()).toBe(DEFAULT_MIN_CELL_SIZE);
    expect(resolveMinCellSize('')).toBe(10);
    expect(DEFAULT_MIN_CELL_SIZE).toBe(10);
  });

  it('accepts integers ≥ 5, also as env strings', () => {
    expect(resolveMinCellSize(5)).toBe(5);
    expect(resolveMinCellSize('11')).toBe(11);
  });

  it.each([4, 0, -10, 7.5, Number.NaN, '4', '10abc', '1e1'])('fails at startup for %p', (bad) => {
    expect(() => resolveMinCellSize(bad)).toThrow(AnonymisationError);
  });
});
