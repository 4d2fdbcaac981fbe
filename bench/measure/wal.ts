// WAL written per request during a load run, read from pg_stat_wal (PostgreSQL 14+) around it:
// records, full-page images and bytes. The view is cluster-wide, so anything else writing at the
// same time counts too (the benchmark runs nothing else then). Full-page images are what a first
// change to a page after a checkpoint costs; where this shows them per request, that is the cost.
import type pg from 'pg';

export interface WalPerRequest {
  readonly walRecords: number | null;
  readonly walFpi: number | null;
  readonly walBytes: number | null;
}

interface WalStat { records: number; fpi: number; bytes: number }

async function read(db: pg.Client): Promise<WalStat | null> {
  try {
    const { rows } = await db.query<{ r: string; f: string; b: string }>('SELECT wal_records AS r, wal_fpi AS f, wal_bytes AS b FROM pg_stat_wal');
    const row = rows[0];
    return row ? { records: Number(row.r), fpi: Number(row.f), bytes: Number(row.b) } : null;
  } catch {
    return null; // before PostgreSQL 14, or not readable: no figure rather than a guess
  }
}

export class WalMeter {
  private before: WalStat | null = null;
  constructor(private readonly db: pg.Client) {}

  async start(): Promise<void> {
    this.before = await read(this.db);
  }

  async stop(requests: number): Promise<WalPerRequest> {
    const after = await read(this.db);
    const b = this.before;
    const per = (x: number) => (requests > 0 ? Math.round((x * 100) / requests) / 100 : null);
    if (!after || !b) return { walRecords: null, walFpi: null, walBytes: null };
    return { walRecords: per(after.records - b.records), walFpi: per(after.fpi - b.fpi), walBytes: per(after.bytes - b.bytes) };
  }
}
