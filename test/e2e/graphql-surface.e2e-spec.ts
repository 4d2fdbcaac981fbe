import { newClinicWithStaff, startTestApp, type TestApp } from '../../libs/testing/src/index.js';

// The GraphQL surface under abuse (SECURITY.md A): limits, CSRF, batching, masking, production mode.
describe('GraphQL surface limits (development mode)', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.newAdmin();
    staff = (await newClinicWithStaff(t, admin.token)).staffToken;
  });
  afterAll(() => t.close());

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers, body });

  it('refuses more than 15 aliases before running any resolver', async () => {
    const before = Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'LOGIN'`))[0].n);
    const logins = Array.from({ length: 16 }, (_, i) => `l${i}: login(input: { email: "x${i}@y.org", password: "p" }) { accessToken }`).join(' ');
    const r = await t.gql(`mutation { ${logins} }`);
    expect(r.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/16 aliases/);
    const after = Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'LOGIN'`))[0].n);
    expect(after).toBe(before);
  });

  it('refuses an expensive query by cost, and lets a normal dashboard query through', async () => {
    const heavy = await t.gql(`{ clients(first: 200) { items { surveyAssignments { id status } consents { id } treatment { sessions { id } adverseEvents { id } } } } }`, {}, staff);
    expect(heavy.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(heavy.errors?.[0]?.message).toMatch(/cost/);
    const normal = await t.gql(`{ clients(first: 50) { totalCount items { id studyCode surveyAssignments { status late } } } }`, {}, staff);
    expect(normal.errors).toBeUndefined();
  });

  it('counts a page size given through a variable', async () => {
    const r = await t.gql(`query($n: Int!) { clients(first: $n) { items { surveyAssignments { id status } consents { id } treatment { sessions { id } } } } }`, { n: 200 }, staff);
    expect(r.errors?.[0]?.message).toMatch(/cost/);
  });

  it('refuses a page larger than the maximum with BAD_USER_INPUT naming the argument', async () => {
    const r = await t.gql(`{ clients(first: 99999999) { totalCount } }`, {}, staff);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('refuses documents over the token limit, fast', async () => {
    const started = Date.now();
    const r = await t.gql(`{ ${'__typename '.repeat(5000)} }`);
    expect(r.errors?.[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses bodies over 100 kB', async () => {
    const res = await post(JSON.stringify({ query: `{ me { id } }`, variables: { pad: 'x'.repeat(110 * 1024) } }));
    expect(res.status).toBe(413);
  });

  it('refuses batched (JSON array) requests without running them', async () => {
    const res = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(res.status).toBe(400);
  });

  it('refuses simple (CSRF-able) requests: text/plain POST and mutations over GET', async () => {
    const plain = await post(JSON.stringify({ query: 'mutation { login(input: { email: "a@b.org", password: "x" }) { accessToken } }' }), { 'content-type': 'text/plain' });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    expect(plain.status).toBeLessThan(500);
    const get = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('mutation { login(input: { email: "a@b.org", password: "x" }) { accessToken } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBeGreaterThanOrEqual(400);
    expect(get.status).toBeLessThan(500);
  });

  it('sends security headers', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('masks a database failure as INTERNAL_SERVER_ERROR with an error id and no SQL', async () => {
    await t.dataSource.query(`REVOKE SELECT ON instrument_version FROM smp_app`);
    try {
      const r = await t.gql(`{ instruments { key } }`, {}, staff);
      expect(r.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(r.errors?.[0]?.message).toBe('Internal server error');
      expect(JSON.stringify(r)).not.toMatch(/instrument_version|permission denied|SELECT|stack|QueryFailedError/i);
    } finally {
      await t.dataSource.query(`GRANT SELECT ON instrument_version TO smp_app`);
    }
  });
});

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'test-production-secret-0123456789abcdefghij',
  CONTACT_ENCRYPTION_KEYS: `prod1:${Buffer.alloc(32, 7).toString('base64')}`,
  CLINIC_PSEUDONYM_KEY: 'test-production-pseudonym-key-0123456789abcdef',
};

describe('GraphQL surface in production mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    // PGlite runs with fsync off, which production refuses (tested below); the surface tests here
    // waive that check so they run on both databases.
    t = await startTestApp({ env: { ...PRODUCTION, REQUIRE_DURABLE_COMMITS: 'false' } });
  });
  afterAll(() => t.close());

  it('refuses introspection', async () => {
    const r = await t.gql(`{ __schema { types { name } } }`);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives no field suggestions, neither for the query nor for variables', async () => {
    const q = await t.gql(`{ mee { id } }`);
    expect(JSON.stringify(q.errors)).not.toMatch(/Did you mean/);
    const v = await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { emial: 'a@b.org', password: 'x' } });
    expect(v.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(v.errors)).not.toMatch(/Did you mean/);
  });

  it('serves no landing page', async () => {
    const res = await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/<html|sandbox|playground/i);
  });

  it('refuses to start on a database that does not make commits durable', async () => {
    const [s] = await t.dataSource.query(`SELECT current_setting('fsync') AS fsync`);
    if (s.fsync === 'off') {
      await expect(startTestApp({ env: PRODUCTION })).rejects.toThrow(/fsync=off/);
    } else {
      const ok = await startTestApp({ env: PRODUCTION });
      await ok.close();
    }
  });

  it('refuses to start with development secrets', async () => {
    const { loadConfig } = await import('../../apps/api/src/config/app-config.js');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/CONTACT_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ ...PRODUCTION, CLINIC_PSEUDONYM_KEY: undefined })).toThrow(/CLINIC_PSEUDONYM_KEY/);
  });
});
