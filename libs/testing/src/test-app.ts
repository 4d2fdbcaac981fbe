import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { createApp } from '../../../apps/api/src/bootstrap.js';
import { ManualClock } from '../../../apps/api/src/common/clock.js';
import { loadConfig, type AppConfig } from '../../../apps/api/src/config/app-config.js';
import { Db } from '../../../apps/api/src/database/db.service.js';
import { runMigrations } from '../../../apps/api/src/database/data-source.js';
import { PasswordHasher } from '../../../apps/api/src/auth/password-hasher.js';
import { StaffAccount } from '../../../apps/api/src/auth/staff-account.entity.js';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; reason?: string; field?: string; [k: string]: unknown } }[];
}

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly clock: ManualClock;
  readonly dataSource: DataSource;
  readonly config: AppConfig;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  /** A fresh administrator (inserted directly: the API has no "create the first admin" operation). */
  newAdmin(): Promise<{ email: string; password: string; token: string }>;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery-staple';

/** The real API (same bootstrap as production) on an ephemeral port, with a clock the test moves. */
export async function startTestApp(opts: { now?: Date; env?: Record<string, string>; schemaFile?: string } = {}): Promise<TestApp> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run through jest (global setup)');
  // Tests run in band; applying pending migrations is a no-op after the first test file.
  const dbName = new URL(url).pathname.slice(1);
  if (process.env.TEST_DATABASE_KIND === 'server' && !dbName.includes('test')) throw new Error(`refusing to use database ${dbName} for tests`);
  await runMigrations(url);
  // No background snapshot builds: a test decides when reports read the registry.
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DB_POOL_SIZE: '4', DEMO_SEED: 'false', REPORT_SNAPSHOT_PREBUILD_MINUTES: '0', ...opts.env });
  const clock = new ManualClock(opts.now ?? new Date('2026-03-02T09:00:00Z'));
  const app = await createApp({ config, clock, logger: ['error'], schemaFile: opts.schemaFile ?? true });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataSource = app.get(Db).dataSource;

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>> => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GqlResult<T>['errors'] };
    return { status: res.status, headers: res.headers, data: body.data ?? null, errors: body.errors };
  };

  const login = async (email: string, password: string) => {
    const r = await gql<{ login: { accessToken: string } }>(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { email, password } },
    );
    if (!r.data) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
    return r.data.login.accessToken;
  };

  const newAdmin = async () => {
    const email = `admin-${randomUUID().slice(0, 8)}@test.smp`;
    await dataSource.manager.insert(StaffAccount, {
      id: randomUUID(),
      email,
      passwordHash: await new PasswordHasher().hash(TEST_PASSWORD),
      role: 'ADMIN',
      clinicId: null,
      displayName: 'Test admin',
      pseudonym: `P-${randomUUID().slice(0, 8).toUpperCase()}`,
      active: true,
      createdAt: clock.now(),
    });
    return { email, password: TEST_PASSWORD, token: await login(email, TEST_PASSWORD) };
  };

  return { app, baseUrl, clock, dataSource, config, gql, newAdmin, login, close: () => app.close() };
}

/** Row counts of every table: a failed write must leave all of them as they were. */
export async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const tables = ['clinic', 'staff_account', 'client', 'consent', 'treatment_course', 'treatment_session', 'adverse_event',
    'survey_assignment', 'survey_response', 'scale_score', 'audit_event'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n);
  return out;
}
