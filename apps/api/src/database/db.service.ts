import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';

export interface TxScope {
  /** The clinic whose rows this transaction may touch; null for admin/researcher/anonymous work. */
  readonly clinicId: string | null;
  readonly role: string;
}

export type SqlRow = Record<string, unknown>;

/**
 * A transaction driven in whole messages of the simple query protocol, several statements each, so
 * that a hot write path costs two round trips: `begin()` sends BEGIN with the first statement,
 * `commit()` the last statement with COMMIT. Values reach the SQL text only through sqlLiteral.
 */
export interface BatchedTx {
  /**
   * `BEGIN; <sql>`: the rows of sql. sql must set the transaction's scope itself before it reads
   * anything (role smp_app, app.clinic_id, app.role — as submission_open does): Db.tx's set_config
   * statement is not sent.
   */
  begin(sql: string): Promise<SqlRow[]>;
  /** `<sql>; COMMIT` (just COMMIT without sql): the rows of sql. */
  commit(sql?: string): Promise<SqlRow[]>;
  /** The same connection and transaction through TypeORM, for what is rare (a cold cache). */
  readonly manager: EntityManager;
}

/** The database role every API statement runs as (see migrations: row-level security). */
export const APP_DB_ROLE = 'smp_app';

export const TENANT_TABLES = [
  'clinic',
  'client',
  'consent',
  'treatment_course',
  'treatment_session',
  'adverse_event',
  'survey_assignment',
  'survey_response',
  'scale_score',
] as const;

// One transaction per use case. The query role, the clinic and the caller's role are set with
// set_config(..., true), i.e. local to this transaction, so a pooled connection never carries
// them into the next request, and row-level security applies to every statement in it.
@Injectable()
export class Db implements OnApplicationBootstrap {
  constructor(
    readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  tx<T>(scope: TxScope, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('role', $1, true), set_config('app.clinic_id', $2, true), set_config('app.role', $3, true)`, [
        APP_DB_ROLE,
        scope.clinicId ?? '',
        scope.role,
      ]);
      return work(m);
    });
  }

  /**
   * One transaction on one pooled connection, begun and committed by the work (see BatchedTx); on
   * any error it is rolled back, and a connection that cannot roll back is not reused.
   */
  async batched<T>(work: (tx: BatchedTx) => Promise<T>): Promise<T> {
    // TypeORM's release(err) of its Postgres query runner (not in the QueryRunner interface).
    const qr = this.dataSource.createQueryRunner() as QueryRunner & { releasePostgresConnection(err?: Error): Promise<void> };
    const client = (await qr.connect()) as PoolClient;
    let ended = true;
    // A message of several statements answers with one result per statement.
    const send = async (sql: string): Promise<SqlRow[][]> => {
      ended = false;
      const results = (await client.query(sql)) as unknown as { rows: SqlRow[] }[] | { rows: SqlRow[] };
      return Array.isArray(results) ? results.map((r) => r.rows) : [results.rows];
    };
    const committed = <T>(value: T): T => {
      ended = true;
      return value;
    };
    const tx: BatchedTx = {
      begin: async (sql) => (await send(`BEGIN; ${sql}`)).at(-1)!,
      commit: async (sql) => committed(sql ? (await send(`${sql}; COMMIT`)).at(-2)! : (await send('COMMIT'), [])),
      manager: qr.manager,
    };
    let broken: Error | undefined;
    try {
      return await work(tx);
    } catch (err) {
      if (!ended) await client.query('ROLLBACK').catch((e: unknown) => (broken = e instanceof Error ? e : new Error(String(e))));
      throw err;
    } finally {
      // A broken connection is handed back with its error, so the pool discards it (pg-pool).
      await qr.releasePostgresConnection(broken);
    }
  }

  /** Switches the tenant inside a running transaction (a survey link reveals its clinic first). */
  async enterClinic(m: EntityManager, clinicId: string): Promise<void> {
    await m.query(`SELECT set_config('app.clinic_id', $1, true)`, [clinicId]);
  }

  scopeOf(p: Principal | null): TxScope {
    return p ? { clinicId: p.clinicId, role: p.role } : { clinicId: null, role: 'ANONYMOUS' };
  }

  /**
   * Refuses to serve when isolation could be bypassed: the query role must exist, be neither
   * superuser nor BYPASSRLS (both skip every policy, even FORCEd ones), be usable by the connecting
   * user, and every tenant table must have row-level security enabled and forced.
   */
  async onApplicationBootstrap(): Promise<void> {
    const [role] = await this.dataSource.query(
      `SELECT r.rolsuper, r.rolbypassrls, pg_has_role(current_user, r.oid, 'MEMBER') AS usable FROM pg_roles r WHERE r.rolname = $1`,
      [APP_DB_ROLE],
    );
    if (!role) throw new Error(`database role ${APP_DB_ROLE} is missing: run the migrations`);
    if (role.rolsuper || role.rolbypassrls) throw new Error(`database role ${APP_DB_ROLE} can bypass row-level security: refusing to start`);
    if (!role.usable) throw new Error(`the connecting user cannot act as ${APP_DB_ROLE}: GRANT ${APP_DB_ROLE} TO <api login role>`);
    const tables: { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[] = await this.dataSource.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = ANY($1)`,
      [[...TENANT_TABLES]],
    );
    const weak = TENANT_TABLES.filter((t) => !tables.some((r) => r.relname === t && r.relrowsecurity && r.relforcerowsecurity));
    if (weak.length > 0) throw new Error(`row-level security is not enabled and forced on: ${weak.join(', ')}`);
    if (this.config.NODE_ENV === 'production' && this.config.REQUIRE_DURABLE_COMMITS === 'true') await this.requireDurableCommits();
  }

  /** A production registry must not lose acknowledged submissions (PostgreSQL "Asynchronous Commit"). */
  private async requireDurableCommits(): Promise<void> {
    const [s] = await this.dataSource.query(
      `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit, current_setting('full_page_writes') AS full_page_writes`,
    );
    const unsafe = Object.entries(s as Record<string, string>).filter(([, v]) => v === 'off');
    if (unsafe.length > 0) throw new Error(`refusing to start in production with ${unsafe.map(([k]) => `${k}=off`).join(', ')}`);
  }
}
