import type { MigrationInterface, QueryRunner } from 'typeorm';

// Kept aggregates of the research snapshot. An exact report reads the frozen monthly snapshot; its
// figures depend on the records only through per-cell counted samples and item sums (libs/reports
// outcome-aggregate.ts), so those are built once per snapshot, data version and scale, and every
// catalogue report of that scale (any grouping, any follow-ups) and every dashboard's peer funnel
// is computed from them: cost follows cells, not clients. No clinic ids or client rows are kept:
// clinics appear by pseudonym, clients only as counts. Finished reports are no longer cached
// (report_cache): computing one from the kept aggregate costs about as much as reading it back.
export class OutcomeSnapshots1764000000005 implements MigrationInterface {
  name = 'OutcomeSnapshots1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outcome_snapshot (
        snapshot_cutoff timestamptz NOT NULL,
        research_version bigint NOT NULL,
        instrument_key text NOT NULL,
        scale_key text NOT NULL,
        -- fingerprint of the clinic-pseudonym key the labels were made with
        label_key text NOT NULL CHECK (length(label_key) = 16),
        aggregate jsonb NOT NULL,
        source_rows integer NOT NULL CHECK (source_rows >= 0),
        built_at timestamptz NOT NULL,
        build_ms integer NOT NULL CHECK (build_ms >= 0),
        CONSTRAINT outcome_snapshot_pk PRIMARY KEY (snapshot_cutoff, research_version, instrument_key, scale_key, label_key)
      )`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON outcome_snapshot TO smp_app`);
    await q.query(`DROP TABLE report_cache`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_cache (
        cache_key text PRIMARY KEY CHECK (length(cache_key) = 64),
        snapshot_cutoff timestamptz NOT NULL,
        research_version bigint NOT NULL,
        result jsonb NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON report_cache TO smp_app`);
    await q.query(`DROP TABLE IF EXISTS outcome_snapshot`);
  }
}
