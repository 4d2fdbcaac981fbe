import { createHmac } from 'node:crypto';
import { AnonymisationError } from './anonymisation.errors.js';
import { assertMinCellSize } from './min-cell-size.js';

// Clinic pseudonyms (SECURITY.md #24; EDPB 01/2025: a keyed MAC, not a plain hash, so nobody without
// the key can test a guessed clinic id). Derived from the HMAC alone, so the same clinic gets the same
// label in every report with no stored mapping. A label built by sorting clinics within one report
// ("Clinic 01..NN") would change whenever the report's clinic set changes, so we do not do that.

/** Domain separation: the same key used for another purpose never yields these values. */
const CONTEXT = 'smp-registry/clinic-pseudonym/v1\u0000';

/** 8 hex chars = 32 bits: among 1,000 clinics P(any label collision) ≈ n²/2³³ ≈ 1.2e-4. */
export const PSEUDONYM_LABEL_HEX_CHARS = 8;
/** HMAC-SHA-256 keys shorter than the hash output weaken it (RFC 2104 §3). */
export const MIN_PSEUDONYM_KEY_BYTES = 32;

export interface ClinicPseudonym {
  /** Full HMAC-SHA-256, lower-case hex: a join key for researchers that reveals nothing. */
  readonly token: string;
  /** Short display form, e.g. 'Clinic 7F3A2B9C'. */
  readonly label: string;
}

export function clinicPseudonym(clinicId: string, key: Buffer | string): ClinicPseudonym {
  if (typeof clinicId !== 'string' || clinicId.length === 0) {
    throw new AnonymisationError('INVALID_CLINIC_ID', 'Clinic id must be a non-empty string');
  }
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (!Buffer.isBuffer(keyBytes) || keyBytes.length < MIN_PSEUDONYM_KEY_BYTES) {
    throw new AnonymisationError(
      'INVALID_PSEUDONYM_KEY',
      `Pseudonym key must be at least ${MIN_PSEUDONYM_KEY_BYTES} bytes`,
    );
  }
  const token = createHmac('sha256', keyBytes).update(CONTEXT).update(clinicId, 'utf8').digest('hex');
  return { token, label: `Clinic ${token.slice(0, PSEUDONYM_LABEL_HEX_CHARS).toUpperCase()}` };
}

/**
 * Groups of clinic ids whose display labels collide (normally none). Run it over all clinics when one
 * is added; on a hit, show the colliding clinics by token or rotate the key, never renumber.
 */
export function findPseudonymCollisions(clinicIds: Iterable<string>, key: Buffer | string): string[][] {
  const byLabel = new Map<string, Set<string>>();
  for (const id of clinicIds) {
    const { label } = clinicPseudonym(id, key);
    const ids = byLabel.get(label) ?? new Set<string>();
    ids.add(id);
    byLabel.set(label, ids);
  }
  return [...byLabel.values()].filter((ids) => ids.size > 1).map((ids) => [...ids].sort());
}

/**
 * PRODUCT.md: no grouping by clinic unless every shown clinic has ≥ k clients. Refuse the whole
 * grouping rather than suppress single clinics, so a clinic's absence says nothing about its size.
 */
export function canGroupByClinic(clientCountsPerClinic: Iterable<number>, k: number): boolean {
  assertMinCellSize(k);
  for (const n of clientCountsPerClinic) if (!(n >= k)) return false;
  return true;
}
