import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ageBand } from '../../../../libs/anonymisation/src/index.js';
import {
  aggregateOfGroups, checkAggregate, FOLLOW_UP_TIME_POINTS, type FollowUpTimePoint, type GroupedOutcomes, type ScaleAggregate,
} from '../../../../libs/reports/src/index.js';
import { checkCounted, DIFFERENCE_DECIMALS, type ItemSums } from '../../../../libs/statistics/src/index.js';
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
  /** Parsed aggregates by key, least recently used first (see read). */
  private readonly parsed = new Map<string, ParsedAggregate>();

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
    const itemCount = ref.scale.itemCodes.length;
    // Reverse-scored items as (min + max − code), as itemScore does; null: the code is the score.
    const reverse = ref.scale.itemCodes.map((code) => {
      const item = ref.instrument.items.find((i) => i.code === code)!;
      if (!item.reverse) return null;
      const codes = item.options.map((o) => o.code);
      return Math.min(...codes) + Math.max(...codes);
    });
    // Hash aggregates of a few hundred thousand rows: in memory, not spilled at the default 4 MB.
    await m.query(`SELECT set_config('work_mem', '64MB', true)`);
    const rows: GroupRow[] = await m.query(groupedOutcomesSql(reverse), [
      ref.instrument.key, ref.scale.key, ref.scale.itemCodes, FOLLOW_UP_TIME_POINTS, key.cutoff, ref.info.higherIsBetter,
    ]);
    const aggregate = aggregateOfGroups(ref.info, itemCount, grouped(rows, itemCount), {
      clinic: (id) => this.loader.pseudonymOf(id),
      ageBand: (birthYear, enrolYear) => ageBand(birthYear, enrolYear),
    });
    const source = rows.find((r) => r.part === 'ROWS')?.a[0] ?? 0;
    const ms = Math.round(performance.now() - started);
    const json = JSON.stringify(aggregate);
    const inserted: { xmin: string }[] = await m.query(
      `INSERT INTO outcome_snapshot (snapshot_cutoff, research_version, instrument_key, scale_key, label_key, aggregate, source_rows, built_at, build_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING xmin::text AS xmin`,
      [...this.params(key), json, source, this.clock.now(), ms],
    );
    // Kept as any reader would parse the row (xmin of this transaction; if it rolls back, the next
    // read finds no row and builds again), so the builder's next report needs no parse.
    if (inserted[0]) this.remember(this.cacheId(key), parsedAggregate(inserted[0].xmin, json));
    // Older snapshots, versions and labels of this scale are never read again.
    await m.query(
      `DELETE FROM outcome_snapshot WHERE instrument_key = $1 AND scale_key = $2
         AND (snapshot_cutoff < $3 OR research_version < $4 OR label_key <> $5)`,
      [key.instrumentKey, key.scaleKey, key.cutoff, key.version, this.labelKey],
    );
    this.logger.log(`outcome snapshot ${key.instrumentKey}/${key.scaleKey} at ${key.cutoff.toISOString()} (v${key.version}): ${source} records in ${ms} ms`);
    return aggregate;
  }

  /**
   * The kept aggregate, parsed and checked once per row version: a row is written once per key, and
   * its xmin changes if anything rewrites it, which makes the next read parse and check it again.
   * Parsing an aggregate of the default registry (~0.5 MB of JSON) was what grew with the
   * registry in a report that reads it. Frozen, so that no report can change what the next reads.
   */
  private async read(m: EntityManager, key: SnapshotKey): Promise<ScaleAggregate | null> {
    const id = this.cacheId(key);
    const cached = this.parsed.get(id);
    const [row] = await m.query(
      `SELECT xmin::text AS xmin, CASE WHEN xmin::text = $6 THEN NULL ELSE aggregate::text END AS aggregate FROM outcome_snapshot WHERE ${WHERE}`,
      [...this.params(key), cached?.xmin ?? ''],
    );
    if (!row) {
      this.parsed.delete(id);
      return null;
    }
    if (cached && row.aggregate === null) {
      this.remember(id, cached);
      return cached.aggregate;
    }
    const parsed = parsedAggregate(row.xmin as string, row.aggregate as string);
    this.remember(id, parsed);
    return parsed.aggregate;
  }

  private cacheId(key: SnapshotKey): string {
    return `${key.cutoff.toISOString()}|${key.version}|${key.instrumentKey}|${key.scaleKey}|${this.labelKey}`;
  }

  /** Keeps a parsed aggregate as the most recently used, dropping the oldest beyond the bound. */
  private remember(id: string, entry: ParsedAggregate): void {
    this.parsed.delete(id);
    this.parsed.set(id, entry);
    let chars = 0;
    for (const [k, v] of [...this.parsed.entries()].reverse()) {
      chars += v.chars;
      if (chars > PARSED_MAX_CHARS) this.parsed.delete(k);
    }
  }

  private async key(m: EntityManager, instrumentKey: string, scaleKey: string, cutoff: Date): Promise<SnapshotKey> {
    const [{ version }] = await m.query(`SELECT version::text AS version FROM research_data_version`);
    return { cutoff, version, instrumentKey, scaleKey };
  }

  private params(key: SnapshotKey): unknown[] {
    return [key.cutoff, key.version, key.instrumentKey, key.scaleKey, this.labelKey];
  }
}

/** One row of groupedOutcomesSql: what `part` says, the numbers in a (and b). */
interface GroupRow {
  part: 'ROWS' | 'COUNTS' | 'SAMPLE' | 'ITEMS' | 'TOTALS';
  time_point: FollowUpTimePoint | null;
  grp: string | null;
  val: string | null;
  kind: 'B' | 'F' | 'D' | 'R' | null;
  a: number[];
  b: number[] | null;
}

const PART = { B: 'baseline', F: 'followUp', D: 'change', R: 'registry' } as const;

function grouped(rows: readonly GroupRow[], itemCount: number): GroupedOutcomes {
  const items = new Map<string, ItemSums>();
  const sumsOf = (tp: FollowUpTimePoint | null, kind: 'B' | 'F' | 'R') => {
    const k = `${tp}/${kind}`;
    if (!items.has(k)) items.set(k, { n: 0, itemSums: new Array<number>(itemCount).fill(0), itemSquareSums: new Array<number>(itemCount).fill(0), totalSum: 0, totalSquareSum: 0 });
    return items.get(k)!;
  };
  const out: { -readonly [K in keyof GroupedOutcomes]: GroupedOutcomes[K][number][] } = { counts: [], samples: [], items: [] };
  for (const r of rows) {
    if (r.part === 'COUNTS') {
      const [eligible, responded, baselineOnly, paired] = r.a as [number, number, number, number];
      out.counts.push({ timePoint: r.time_point!, eligible, responded, baselineOnly, paired });
    } else if (r.part === 'SAMPLE') {
      // −0 and 0 are one value (PostgreSQL groups them together; the statistics library counts 0).
      const sample = checkCounted({ values: r.a.map((v) => v + 0), counts: r.b! }, `${r.time_point}/${r.grp}/${r.val}/${r.kind}`);
      out.samples.push({ timePoint: r.time_point!, group: r.grp as GroupedOutcomes['samples'][number]['group'], value: r.val!, part: PART[r.kind as 'B' | 'F' | 'D'], sample });
    } else if (r.part === 'ITEMS') {
      const s = sumsOf(r.time_point, r.kind as 'B' | 'F' | 'R');
      s.itemSums = r.a.map(Number);
      s.itemSquareSums = r.b!.map(Number);
    } else if (r.part === 'TOTALS') {
      const s = sumsOf(r.time_point, r.kind as 'B' | 'F' | 'R');
      [s.n, s.totalSum, s.totalSquareSum] = r.a.map(Number) as [number, number, number];
    }
  }
  for (const [k, sums] of items) {
    const [tp, kind] = k.split('/') as [string, 'B' | 'F' | 'R'];
    out.items.push({ timePoint: kind === 'R' ? null : (tp as FollowUpTimePoint), part: PART[kind], sums });
  }
  return out;
}

/**
 * The scale's research records (outcome_rows: consented clients, the snapshot, one row per client
 * and follow-up) grouped in the database, so only cells travel: counts per follow-up; counted
 * samples (value, count) of baseline, follow-up and change of the paired clients per follow-up and
 * per grouping value (ALL, clinic id, hair-loss type, sex, birth/enrolment year, labelled in the
 * API), all in one pass of grouping sets; and sums of item scores, their squares and of the total
 * score and its square for α (paired clients per follow-up, and every client's baseline once), as
 * one aggregate expression per item. The change is rounded as pairedDifferences rounds it (to
 * DIFFERENCE_DECIMALS decimals), in the same float8 arithmetic.
 * $1 instrument, $2 scale, $3 item codes, $4 follow-ups, $5 cutoff, $6 higher is better.
 * `reverse`: per item, the constant c of a reverse-scored item's score c − code (null: the code is
 * the score); integers from the published definition, the only values written into the text.
 */
function groupedOutcomesSql(reverse: readonly (number | null)[]): string {
  for (const c of reverse) if (c !== null && !Number.isSafeInteger(c)) throw new Error(`reverse-scoring constant ${String(c)} is not an integer`);
  const k = reverse.length;
  const score = (items: string, i: number) => (reverse[i] === null ? `${items}[${i + 1}]::int` : `(${reverse[i]} - ${items}[${i + 1}]::int)`);
  const total = (items: string) => `(${reverse.map((_, i) => score(items, i)).join(' + ')})`;
  const sums = (items: string) => `ARRAY[${reverse.map((_, i) => `sum(${score(items, i)})`).join(', ')}]::float8[]`;
  const squares = (items: string) => `ARRAY[${reverse.map((_, i) => `sum(${score(items, i)} * ${score(items, i)})`).join(', ')}]::float8[]`;
  const totals = (items: string) => `ARRAY[count(*), sum(${total(items)}), sum(${total(items)} * ${total(items)})]::float8[]`;
  const dims = ['clinic_id', 'hair_loss_type', 'sex', 'age'];
  const sets = ['', ...dims.map((d) => `${d}, `)].flatMap((d) => ['b', 'f', 'd'].map((v) => `(time_point, ${d}${v})`)).join(', ');
  return `
  WITH r AS MATERIALIZED (
    SELECT clinic_id, subject, time_point, baseline_score AS b, follow_up_score AS f, eligible, hair_loss_type, sex,
           birth_year::text || '/' || enrol_year::text AS age,
           CASE WHEN cardinality(baseline_items) = ${k} THEN baseline_items END AS bi,
           CASE WHEN cardinality(follow_up_items) = ${k} THEN follow_up_items END AS fi
      FROM outcome_rows($1, $2, $3, $4, $5, 'RESEARCH')
  ), p AS MATERIALIZED (
    SELECT r.*, round((CASE WHEN $6 THEN f - b ELSE b - f END) * ${10 ** DIFFERENCE_DECIMALS}::float8) / ${10 ** DIFFERENCE_DECIMALS}::float8 AS d
      FROM r WHERE b IS NOT NULL AND f IS NOT NULL
  ), samples AS (
    SELECT time_point,
           CASE WHEN GROUPING(clinic_id) = 0 THEN 'CLINIC' WHEN GROUPING(hair_loss_type) = 0 THEN 'HAIR_LOSS_TYPE'
                WHEN GROUPING(sex) = 0 THEN 'SEX' WHEN GROUPING(age) = 0 THEN 'AGE' ELSE 'ALL' END AS grp,
           CASE WHEN GROUPING(clinic_id) = 0 THEN clinic_id::text WHEN GROUPING(hair_loss_type) = 0 THEN hair_loss_type
                WHEN GROUPING(sex) = 0 THEN sex WHEN GROUPING(age) = 0 THEN age ELSE '' END AS val,
           CASE WHEN GROUPING(b) = 0 THEN 'B' WHEN GROUPING(f) = 0 THEN 'F' ELSE 'D' END AS kind,
           CASE WHEN GROUPING(b) = 0 THEN b WHEN GROUPING(f) = 0 THEN f ELSE d END AS v,
           count(*)::float8 AS n
      FROM p GROUP BY GROUPING SETS (${sets})
  ), registry AS (
    SELECT DISTINCT ON (subject) bi FROM r WHERE bi IS NOT NULL ORDER BY subject
  )
  SELECT 'ROWS' AS part, NULL AS time_point, NULL AS grp, NULL AS val, NULL AS kind, ARRAY[count(*)::float8] AS a, NULL::float8[] AS b FROM r
  UNION ALL
  SELECT 'COUNTS', time_point, NULL, NULL, NULL,
         ARRAY[count(*) FILTER (WHERE eligible), count(*) FILTER (WHERE eligible AND f IS NOT NULL),
               count(*) FILTER (WHERE eligible AND f IS NULL AND b IS NOT NULL), count(*) FILTER (WHERE b IS NOT NULL AND f IS NOT NULL)]::float8[], NULL
    FROM r GROUP BY time_point
  UNION ALL
  SELECT 'SAMPLE', time_point, grp, val, kind, array_agg(v ORDER BY v), array_agg(n ORDER BY v) FROM samples GROUP BY time_point, grp, val, kind
  UNION ALL SELECT 'ITEMS', time_point, NULL, NULL, 'B', ${sums('bi')}, ${squares('bi')} FROM p WHERE bi IS NOT NULL GROUP BY time_point
  UNION ALL SELECT 'TOTALS', time_point, NULL, NULL, 'B', ${totals('bi')}, NULL FROM p WHERE bi IS NOT NULL GROUP BY time_point
  UNION ALL SELECT 'ITEMS', time_point, NULL, NULL, 'F', ${sums('fi')}, ${squares('fi')} FROM p WHERE fi IS NOT NULL GROUP BY time_point
  UNION ALL SELECT 'TOTALS', time_point, NULL, NULL, 'F', ${totals('fi')}, NULL FROM p WHERE fi IS NOT NULL GROUP BY time_point
  UNION ALL SELECT 'ITEMS', NULL, NULL, NULL, 'R', ${sums('bi')}, ${squares('bi')} FROM registry HAVING count(*) > 0
  UNION ALL SELECT 'TOTALS', NULL, NULL, NULL, 'R', ${totals('bi')}, NULL FROM registry HAVING count(*) > 0`;
}

/** Parsed aggregates kept per process, by the length of their JSON (about 3–8 scales of the default registry). */
const PARSED_MAX_CHARS = 8_000_000;

interface ParsedAggregate {
  readonly xmin: string;
  readonly aggregate: ScaleAggregate;
  readonly chars: number;
}

/** A stored aggregate's JSON, parsed, checked and frozen, as every reader (and the builder) keeps it. */
function parsedAggregate(xmin: string, json: string): ParsedAggregate {
  return { xmin, aggregate: deepFreeze(checkAggregate(JSON.parse(json) as ScaleAggregate)), chars: json.length };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const WHERE = `snapshot_cutoff = $1 AND research_version = $2 AND instrument_key = $3 AND scale_key = $4 AND label_key = $5`;
