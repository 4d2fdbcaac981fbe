import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { checkAggregate, type ScaleAggregate, ScaleAggregator } from '../../../../libs/reports/src/index.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { OutcomeRecordsLoader, type ScaleRef } from './outcome-records.loader.js';

interface SnapshotKey {
  readonly cutoff: Date;
  readonly version: string;
  readonly instrumentKey: string;
  readonly scaleKey: string;
}

// The research snapshot's kept aggregates (migration 1764000000005): built once per snapshot, data
// version and scale by one pass over outcome_rows that keeps no record, then read by every exact
// report and every dashboard's peer funnel. A withdrawal or erasure bumps research_data_version,
// so the next read builds a new aggregate without that client (and the old one is dropped).
@Injectable()
export class OutcomeSnapshots {
  private readonly logger = new Logger(OutcomeSnapshots.name);
  /** Labels are clinic pseudonyms: an aggregate made with another pseudonym key is not reused. */
  private readonly labelKey: string;

  constructor(
    private readonly loader: OutcomeRecordsLoader,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.labelKey = createHash('sha256').update(config.CLINIC_PSEUDONYM_KEY).digest('hex').slice(0, 16);
  }

  /** Whether the aggregate of this scale for the snapshot is built (a read then scans nothing). */
  async has(m: EntityManager, instrumentKey: string, scaleKey: string, cutoff: Date): Promise<boolean> {
    const key = await this.key(m, instrumentKey, scaleKey, cutoff);
    return (await m.query(`SELECT 1 FROM outcome_snapshot WHERE ${WHERE}`, this.params(key))).length > 0;
  }

  /** The scale's aggregate of the research snapshot at `cutoff`, built first if need be. */
  async get(m: EntityManager, ref: ScaleRef, cutoff: Date): Promise<ScaleAggregate> {
    const key = await this.key(m, ref.instrument.key, ref.scale.key, cutoff);
    const kept = await this.read(m, key);
    if (kept) return kept;
    // One builder per scale, across API instances: the others wait here, then read its result.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`outcome_snapshot/${key.instrumentKey}/${key.scaleKey}`]);
    return (await this.read(m, key)) ?? this.build(m, ref, key);
  }

  private async build(m: EntityManager, ref: ScaleRef, key: SnapshotKey): Promise<ScaleAggregate> {
    const started = performance.now();
    const aggregator = new ScaleAggregator(ref.info, ref.scale.itemCodes.length);
    const rows = await this.loader.stream(m, ref, key.cutoff, 'RESEARCH', (r) => aggregator.add(r));
    const aggregate = aggregator.result();
    const ms = Math.round(performance.now() - started);
    await m.query(
      `INSERT INTO outcome_snapshot (snapshot_cutoff, research_version, instrument_key, scale_key, label_key, aggregate, source_rows, built_at, build_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [...this.params(key), JSON.stringify(aggregate), rows, this.clock.now(), ms],
    );
    // Older snapshots, versions and labels of this scale are never read again.
    await m.query(
      `DELETE FROM outcome_snapshot WHERE instrument_key = $1 AND scale_key = $2
         AND (snapshot_cutoff < $3 OR research_version < $4 OR label_key <> $5)`,
      [key.instrumentKey, key.scaleKey, key.cutoff, key.version, this.labelKey],
    );
    this.logger.log(`outcome snapshot ${key.instrumentKey}/${key.scaleKey} at ${key.cutoff.toISOString()} (v${key.version}): ${rows} records in ${ms} ms`);
    return aggregate;
  }

  private async read(m: EntityManager, key: SnapshotKey): Promise<ScaleAggregate | null> {
    const [row] = await m.query(`SELECT aggregate FROM outcome_snapshot WHERE ${WHERE}`, this.params(key));
    return row ? checkAggregate(row.aggregate as ScaleAggregate) : null;
  }

  private async key(m: EntityManager, instrumentKey: string, scaleKey: string, cutoff: Date): Promise<SnapshotKey> {
    const [{ version }] = await m.query(`SELECT version::text AS version FROM research_data_version`);
    return { cutoff, version, instrumentKey, scaleKey };
  }

  private params(key: SnapshotKey): unknown[] {
    return [key.cutoff, key.version, key.instrumentKey, key.scaleKey, this.labelKey];
  }
}

const WHERE = `snapshot_cutoff = $1 AND research_version = $2 AND instrument_key = $3 AND scale_key = $4 AND label_key = $5`;
