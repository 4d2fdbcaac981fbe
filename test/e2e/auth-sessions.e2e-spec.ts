import { createHmac, randomUUID } from 'node:crypto';
import { newClinicWithStaff, startTestApp, TEST_PASSWORD, type TestApp } from '../../libs/testing/src/index.js';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken expiresAt } }`;
const REFRESH = `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken refreshToken } }`;
const ME = `{ me { id } }`;

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function forge(header: object, payload: object, secret: string, alg: 'sha256' | 'sha512' = 'sha256'): string {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac(alg, secret).update(body).digest('base64url')}`;
}

describe('sessions, passwords and bearer tokens', () => {
  let t: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
    adminToken = (await t.newAdmin()).token;
  });
  afterAll(() => t.close());

  async function newStaff() {
    const email = `s-${randomUUID().slice(0, 8)}@test.smp`;
    const { clinicId } = await newClinicWithStaff(t, adminToken);
    const r = await t.gql<{ createStaffAccount: { id: string } }>(
      `mutation($i: CreateStaffAccountInput!) { createStaffAccount(input: $i) { id } }`,
      { i: { email, password: TEST_PASSWORD, displayName: 'S', role: 'CLINIC_STAFF', clinicId } },
      adminToken,
    );
    return { email, id: r.data!.createStaffAccount.id };
  }
  const login = async (email: string, password = TEST_PASSWORD) =>
    (await t.gql<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { i: { email, password } }));

  it('stores argon2id hashes at or above the OWASP minimum', async () => {
    const { id } = await newStaff();
    const [{ password_hash: hash }] = await t.dataSource.query(`SELECT password_hash FROM staff_account WHERE id = $1`, [id]);
    expect(hash).toMatch(/^\$argon2id\$v=19\$[mtp=\d,]+\$/);
    const params = Object.fromEntries(hash.split('$')[3].split(',').map((kv: string) => kv.split('=')));
    expect(Number(params.m)).toBeGreaterThanOrEqual(19_456);
    expect(Number(params.t)).toBeGreaterThanOrEqual(2);
  });

  it('answers an unknown e-mail and a wrong password with the same error', async () => {
    const { email } = await newStaff();
    const wrong = await login(email, 'not-the-password');
    const unknown = await login(`nobody-${randomUUID().slice(0, 6)}@test.smp`, 'whatever-password');
    expect(wrong.errors![0]).toMatchObject({ message: 'Invalid e-mail or password', extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' } });
    expect(unknown.errors![0]!.message).toBe(wrong.errors![0]!.message);
    expect(unknown.errors![0]!.extensions).toEqual(wrong.errors![0]!.extensions);
  });

  it('rotates refresh tokens; a replayed one ends the whole session family', async () => {
    const { email } = await newStaff();
    const first = (await login(email)).data!.login;
    const second = await t.gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { r: first.refreshToken });
    expect(second.errors).toBeUndefined();
    expect((await t.gql(ME, {}, second.data!.refreshSession.accessToken)).errors).toBeUndefined();
    // The first token again: a copy is in use somewhere; both it and its successor stop working.
    const replay = await t.gql(REFRESH, { r: first.refreshToken });
    expect(replay.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_SESSION' });
    const successor = await t.gql(REFRESH, { r: second.data!.refreshSession.refreshToken });
    expect(successor.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session', async () => {
    const { email } = await newStaff();
    const s = (await login(email)).data!.login;
    expect((await t.gql<{ logout: boolean }>(`mutation($r: String!) { logout(refreshToken: $r) }`, { r: s.refreshToken })).data).toEqual({ logout: true });
    expect((await t.gql(REFRESH, { r: s.refreshToken })).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a password change retires earlier access and refresh tokens', async () => {
    const { email } = await newStaff();
    const s = (await login(email)).data!.login;
    t.clock.set(new Date(t.clock.now().getTime() + 2_000));
    const changed = await t.gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`, { i: { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password-42' } }, s.accessToken);
    expect(changed.errors).toBeUndefined();
    expect((await t.gql(ME, {}, s.accessToken)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(REFRESH, { r: s.refreshToken })).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect((await login(email, 'a-brand-new-password-42')).errors).toBeUndefined();
  });

  it('disabling an account stops its tokens at once', async () => {
    const { email, id } = await newStaff();
    const s = (await login(email)).data!.login;
    await t.gql(`mutation($id: ID!) { setStaffAccountActive(id: $id, active: false) { active } }`, { id }, adminToken);
    expect((await t.gql(ME, {}, s.accessToken)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(REFRESH, { r: s.refreshToken })).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect((await login(email)).errors![0]!.extensions.reason).toBe('INVALID_CREDENTIALS');
  });

  it('throttles failed logins per account', async () => {
    const { email } = await newStaff();
    // (Aliased logins in one document stop at the first failure: login is non-null, so GraphQL
    // ends the mutation there; each attempt that runs is counted.)
    for (let i = 0; i < 5; i++) expect((await login(email, `wrong-${i}`)).errors![0]!.extensions.reason).toBe('INVALID_CREDENTIALS');
    // Now even the right password is refused until the window passes.
    const blocked = await login(email);
    expect(blocked.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS' });
    t.clock.set(new Date(t.clock.now().getTime() + 16 * 60_000));
    expect((await login(email)).errors).toBeUndefined();
  });

  describe('forged and expired bearer tokens are UNAUTHENTICATED', () => {
    let staff: { token: string; id: string; clinicId: string };
    const secret = 'dev-only-jwt-secret-change-me-0123456789abcdef';
    beforeAll(async () => {
      adminToken = (await t.newAdmin()).token; // the throttle test moved the clock past its expiry
      const { email, id } = await newStaff();
      const [{ clinic_id: clinicId }] = await t.dataSource.query(`SELECT clinic_id FROM staff_account WHERE id = $1`, [id]);
      staff = { token: (await login(email)).data!.login.accessToken, id, clinicId };
    });
    const now = () => Math.floor(t.clock.now().getTime() / 1000);
    const claims = () => ({ sub: staff.id, role: 'CLINIC_STAFF', clinicId: staff.clinicId, typ: 'access', iat: now(), exp: now() + 600, iss: 'smp-registry', aud: 'smp-registry-api' });

    it('accepts the genuine token (control)', async () => {
      expect((await t.gql(ME, {}, staff.token)).errors).toBeUndefined();
      expect((await t.gql(ME, {}, forge({ alg: 'HS256', typ: 'JWT' }, claims(), secret))).errors).toBeUndefined();
    });

    it.each([
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
      ['HS512 (not allowed)', () => forge({ alg: 'HS512', typ: 'JWT' }, claims(), secret, 'sha512')],
      ['wrong secret', () => forge({ alg: 'HS256', typ: 'JWT' }, claims(), 'another-secret-another-secret-another-secret')],
      ['wrong issuer', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), iss: 'evil' }, secret)],
      ['wrong audience', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), aud: 'other-api' }, secret)],
      ['wrong token type', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), typ: 'refresh' }, secret)],
      ['expired', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), iat: now() - 3600, exp: now() - 60 }, secret)],
      ['escalated role', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), role: 'ADMIN' }, secret)],
      ['tampered payload', () => { const [h, , s] = staff.token.split('.'); return `${h}.${b64({ ...claims(), role: 'ADMIN' })}.${s}`; }],
    ])('%s', async (_name, make) => {
      const r = await t.gql(ME, {}, make());
      expect(r.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    });

    it('an access token expires after 15 minutes', async () => {
      const { email } = await newStaff();
      const s = (await login(email)).data!.login;
      t.clock.set(new Date(t.clock.now().getTime() + 15 * 60_000 + 1_000));
      expect((await t.gql(ME, {}, s.accessToken)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});
