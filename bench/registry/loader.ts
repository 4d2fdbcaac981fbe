// Loads the synthetic registry into PostgreSQL with COPY: one COPY stream per table on its own
// connection, all open for a whole stage, fed in 1 MB chunks while the generator keeps going (the
// database ingests on its cores while Node generates on one). Foreign-key triggers are skipped for
// the load (session_replication_role = replica; the generator writes consistent rows by
// construction) and the loading sessions commit asynchronously; indexes and constraints stay, so
// every stage is queryable as soon as it is VACUUM ANALYZEd.
import { createHash, randomBytes } from 'node:crypto';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { DEFAULT_PROTOCOL_ID } from '../../migrations/1764000000001-seed-instruments-and-protocol.js';
import { BASELINE_KEYS, COLUMNS, cohortAnswers, generateClient, MODELS, type RegistryPlan, TABLES, type Table } from './model.js';
import { Rng } from './rng.js';

const CHUNK_BYTES = 1 << 20;

export interface StageStats {
  readonly clients: number;
  readonly rows: Record<string, number>;
  readonly totalRows: number;
  readonly responses: number;
  /** COPY only (generation + ingestion). */
  readonly copySeconds: number;
  /** VACUUM ANALYZE after the COPY. */
  readonly vacuumSeconds: number;
  readonly rowsPerSecond: number;
}

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`SET session_replication_role = replica`);
  await c.query(`SET synchronous_commit = off`);
  return c;
}

class CopySink {
  private parts: string[] = [];
  private bytes = 0;
  rows = 0;

  private constructor(
    private readonly client: pg.Client,
    private readonly stream: copyStreams.CopyStreamQuery,
  ) {}

  static async open(url: string, table: string, columns: readonly string[]): Promise<CopySink> {
    const client = await connect(url);
    const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    return new CopySink(client, stream);
  }

  add(line: string): void {
    this.parts.push(line);
    this.bytes += line.length + 1;
    this.rows += 1;
  }

  get full(): boolean {
    return this.bytes >= CHUNK_BYTES;
  }

  /** Writes what is buffered; resolves when the stream can take more. */
  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('\n') + '\n';
    this.parts = [];
    this.bytes = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    await this.client.end();
  }
}

/** Clinics and their staff accounts (the first stage of every registry). */
export async function loadClinics(url: string, plan: RegistryPlan): Promise<number> {
  const clinic = await CopySink.open(url, 'clinic', COLUMNS.clinic);
  for (const r of plan.clinicRows) clinic.add(r);
  await clinic.close();
  const staff = await CopySink.open(url, 'staff_account', COLUMNS.staff_account);
  for (const r of plan.staffRows) staff.add(r);
  await staff.close();
  return plan.clinicRows.length + plan.staffRows.length;
}

/** Clients [from, to) with their whole histories, then VACUUM ANALYZE. */
export async function loadClients(
  url: string,
  plan: RegistryPlan,
  from: number,
  to: number,
  progress: (done: number, rows: number) => void = () => undefined,
): Promise<StageStats> {
  const started = Date.now();
  const sinks = new Map<Table, CopySink>();
  for (const t of TABLES) sinks.set(t, await CopySink.open(url, t, COLUMNS[t]));
  const counts = { responses: 0 };
  const sink = (t: Table, line: string) => sinks.get(t)!.add(line);
  let lastReport = Date.now();
  for (let i = from; i < to; i++) {
    generateClient(plan, i, sink, counts);
    if ((i & 63) === 0) {
      for (const s of sinks.values()) if (s.full) await s.flush();
      if (Date.now() - lastReport > 5_000) {
        lastReport = Date.now();
        progress(i - from, [...sinks.values()].reduce((a, s) => a + s.rows, 0));
      }
    }
  }
  await Promise.all([...sinks.values()].map((s) => s.close()));
  const copySeconds = (Date.now() - started) / 1000;
  const v0 = Date.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`VACUUM (ANALYZE) ${[...TABLES].join(', ')}`);
  } finally {
    await c.end();
  }
  const vacuumSeconds = (Date.now() - v0) / 1000;
  const rows = Object.fromEntries([...sinks.entries()].map(([t, s]) => [t, s.rows]));
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  return { clients: to - from, rows, totalRows, responses: counts.responses, copySeconds, vacuumSeconds, rowsPerSecond: totalRows / copySeconds };
}

export interface CohortSubmission {
  readonly assignmentId: string;
  readonly clinicId: string;
  readonly instrumentKey: string;
  readonly token: string;
  readonly answers: readonly { itemCode: string; value: number }[];
}

/**
 * The submission cohort: new clients enrolled an hour ago (after the report snapshot, so no report
 * changes) whose three BASELINE surveys are open, each with a survey-link token. Only the token's
 * SHA-256 is stored, as issueSurveyLink does; the tokens and valid answers are returned.
 */
export async function loadCohort(url: string, plan: RegistryPlan, assignments: number, seed: number): Promise<CohortSubmission[]> {
  const rng = new Rng(seed, 0xc0401);
  const now = Date.now();
  const enrolled = new Date(now - 3_600_000).toISOString();
  const sinks = new Map<string, CopySink>();
  for (const t of ['client', 'consent', 'survey_assignment'] as const) sinks.set(t, await CopySink.open(url, t, COLUMNS[t]));
  const out: CohortSubmission[] = [];
  const clients = Math.ceil(assignments / BASELINE_KEYS.length);
  for (let i = 0; i < clients; i++) {
    const clinic = plan.clinics[rng.weighted(plan.clinicCumulative)]!;
    const id = rng.uuid();
    const staff = rng.pick(clinic.staffIds);
    sinks.get('client')!.add([clinic.id, id, `S${seed % 100000}-${i + 1}`, clinic.language, 1960 + rng.int(0, 45), rng.chance(0.8) ? 'MALE' : 'FEMALE',
      'ANDROGENETIC_ALOPECIA', '\\N', '\\N', String(rng.int(1, 6)), '{}', enrolled, staff].join('\t'));
    for (const scope of ['CARE', 'RESEARCH']) {
      sinks.get('consent')!.add([clinic.id, rng.uuid(), id, scope, '2025-01', enrolled, '\\N', staff].join('\t'));
    }
    for (const key of BASELINE_KEYS) {
      if (out.length >= assignments) break;
      const aid = rng.uuid();
      const token = randomBytes(32).toString('base64url');
      const hash = createHash('sha256').update(token, 'utf8').digest('hex');
      sinks.get('survey_assignment')!.add([clinic.id, aid, id, DEFAULT_PROTOCOL_ID, MODELS[key]!.versionId, 'BASELINE', '\\N', enrolled, '\\N', '\\N',
        '\\N', `\\\\x${hash}`, enrolled, enrolled].join('\t'));
      out.push({ assignmentId: aid, clinicId: clinic.id, instrumentKey: key, token, answers: cohortAnswers(rng, key) });
    }
    if ((i & 255) === 0) for (const s of sinks.values()) if (s.full) await s.flush();
  }
  await Promise.all([...sinks.values()].map((s) => s.close()));
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`VACUUM (ANALYZE) client, consent, survey_assignment`);
  } finally {
    await c.end();
  }
  // Submission order mixes clinics and instruments, as a campaign e-mail's answers would.
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
