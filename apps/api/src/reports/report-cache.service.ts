import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';

// Figures computed from a frozen snapshot are computed once: the same question gives the same
// answer until a withdrawal or erasure bumps research_data_version, which is part of every key, so
// every report computed afterwards leaves that client out. Rows hold aggregates only.
@Injectable()
export class ReportCache {
  constructor(private readonly clock: Clock) {}

  async key(m: EntityManager, cutoff: Date, parts: readonly unknown[]): Promise<{ key: string; version: string }> {
    const [{ version }] = await m.query(`SELECT version::text AS version FROM research_data_version`);
    const key = createHash('sha256').update(JSON.stringify([cutoff.toISOString(), version, ...parts])).digest('hex');
    return { key, version };
  }

  async has(m: EntityManager, cutoff: Date, parts: readonly unknown[]): Promise<boolean> {
    const { key } = await this.key(m, cutoff, parts);
    return (await m.query(`SELECT 1 FROM report_cache WHERE cache_key = $1`, [key])).length > 0;
  }

  async getOrCompute<T>(m: EntityManager, cutoff: Date, parts: readonly unknown[], compute: () => Promise<T>): Promise<T> {
    const { key, version } = await this.key(m, cutoff, parts);
    const [hit] = await m.query(`SELECT result FROM report_cache WHERE cache_key = $1`, [key]);
    if (hit) return hit.result as T;
    const result = await compute();
    await m.query(
      `INSERT INTO report_cache (cache_key, snapshot_cutoff, research_version, result, computed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [key, cutoff, version, JSON.stringify(result), this.clock.now()],
    );
    // Older snapshots and versions are never asked again.
    await m.query(`DELETE FROM report_cache WHERE snapshot_cutoff < $1 OR research_version < $2`, [cutoff, version]);
    return result;
  }
}
