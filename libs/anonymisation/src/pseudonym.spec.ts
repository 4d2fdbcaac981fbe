import { createHash, randomBytes } from 'node:crypto';
import { canGroupByClinic, clinicPseudonym, findPseudonymCollisions } from './pseudonym.js';

const key = Buffer.from('0123456789abcdef0123456789abcdef0123456789abcdef', 'utf8');
const clinicId = '4b0e8c1e-6f2d-4a59-9d55-1f0c2a7b9e31';

describe('clinic pseudonyms', () => {
  it('are stable across calls (and so across reports)', () => {
    expect(clinicPseudonym(clinicId, key)).toEqual(clinicPseudonym(clinicId, Buffer.from(key)));
    expect(clinicPseudonym(clinicId, key).label).toMatch(/^Clinic [0-9A-F]{8}$/);
  });

  it('differ with the key and between clinics', () => {
    const other = randomBytes(32);
    expect(clinicPseudonym(clinicId, other).token).not.toBe(clinicPseudonym(clinicId, key).token);
    expect(clinicPseudonym('another-clinic', key).token).not.toBe(clinicPseudonym(clinicId, key).token);
  });

  it('are not an unkeyed hash of the id (a guessed id cannot be checked without the key)', () => {
    const { token, label } = clinicPseudonym(clinicId, key);
    const plain = createHash('sha256').update(clinicId).digest('hex');
    expect(token).not.toBe(plain);
    expect(label).not.toContain(plain.slice(0, 8).toUpperCase());
    expect(token).not.toContain(clinicId.replace(/-/g, ''));
  });

  it('refuse short keys and empty ids', () => {
    expect(() => clinicPseudonym(clinicId, 'short')).toThrow(/at least 32 bytes/);
    expect(() => clinicPseudonym('', key)).toThrow();
  });

  it('have no label collisions among 1,000 clinics, and the helper finds forced ones', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `clinic-${i}`);
    expect(findPseudonymCollisions(ids, key)).toEqual([]);
    expect(findPseudonymCollisions(['a', 'a'], key)).toEqual([]); // same clinic twice is not a collision
  });

  it('grouping by clinic needs every shown clinic at k or more', () => {
    expect(canGroupByClinic([10, 25, 40], 10)).toBe(true);
    expect(canGroupByClinic([10, 9, 40], 10)).toBe(false);
    expect(() => canGroupByClinic([10], 3)).toThrow();
  });
});
