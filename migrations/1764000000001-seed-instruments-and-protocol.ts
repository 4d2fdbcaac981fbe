import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SHIPPED_INSTRUMENTS } from '../libs/scoring/src/instruments/index.js';

// Publishes the five shipped instruments (version 1.0.0) and the default protocol. Ids are fixed so
// every installation refers to the same published versions.
export const SHIPPED_INSTRUMENT_IDS: Readonly<Record<string, string>> = {
  RSES: '00000000-0000-4000-8000-000000000101',
  WHO5: '00000000-0000-4000-8000-000000000102',
  SMP_SAT: '00000000-0000-4000-8000-000000000103',
  PGIC: '00000000-0000-4000-8000-000000000104',
  HLD: '00000000-0000-4000-8000-000000000105',
};
export const DEFAULT_PROTOCOL_ID = '00000000-0000-4000-8000-000000000201';

const BASELINE = ['RSES', 'WHO5', 'HLD'];
const FOLLOW_UP = ['RSES', 'WHO5', 'HLD', 'SMP_SAT', 'PGIC'];

export class SeedInstrumentsAndProtocol1764000000001 implements MigrationInterface {
  name = 'SeedInstrumentsAndProtocol1764000000001';

  async up(q: QueryRunner): Promise<void> {
    for (const def of SHIPPED_INSTRUMENTS) {
      if (def.version !== '1.0.0') continue;
      const id = SHIPPED_INSTRUMENT_IDS[def.key];
      if (!id) throw new Error(`no fixed id for shipped instrument ${def.key}`);
      await q.query(
        `INSERT INTO instrument_version (id, key, version, definition, published_at) VALUES ($1, $2, $3, $4, '2026-01-01T00:00:00Z')`,
        [id, def.key, def.version, JSON.stringify(def)],
      );
    }
    await q.query(
      `INSERT INTO protocol (id, name, version, published_at, active) VALUES ($1, 'SMP default', 1, '2026-01-01T00:00:00Z', true)`,
      [DEFAULT_PROTOCOL_ID],
    );
    const plan: [string, string[]][] = [
      ['BASELINE', BASELINE],
      ['MONTH_1', FOLLOW_UP],
      ['MONTH_3', FOLLOW_UP],
      ['MONTH_6', FOLLOW_UP],
      ['MONTH_12', FOLLOW_UP],
    ];
    for (const [timePoint, keys] of plan) {
      for (const [position, key] of keys.entries()) {
        await q.query(
          `INSERT INTO protocol_entry (protocol_id, time_point, instrument_version_id, position) VALUES ($1, $2, $3, $4)`,
          [DEFAULT_PROTOCOL_ID, timePoint, SHIPPED_INSTRUMENT_IDS[key], position],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The immutability triggers guard published rows; a full revert is the only way back.
    await q.query(`ALTER TABLE protocol_entry DISABLE TRIGGER protocol_entry_immutable`);
    await q.query(`ALTER TABLE instrument_version DISABLE TRIGGER instrument_version_immutable`);
    await q.query(`DELETE FROM protocol_entry WHERE protocol_id = $1`, [DEFAULT_PROTOCOL_ID]);
    await q.query(`DELETE FROM protocol WHERE id = $1`, [DEFAULT_PROTOCOL_ID]);
    await q.query(`DELETE FROM instrument_version WHERE id = ANY($1)`, [Object.values(SHIPPED_INSTRUMENT_IDS)]);
    await q.query(`ALTER TABLE instrument_version ENABLE TRIGGER instrument_version_immutable`);
    await q.query(`ALTER TABLE protocol_entry ENABLE TRIGGER protocol_entry_immutable`);
  }
}
