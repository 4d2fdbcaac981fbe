import { ContactCipher, contactAad } from '../../apps/api/src/common/contact-cipher.js';
import { rotateContactKeys } from '../../apps/api/src/clients/rotate-contact-keys.js';
import { enrolClient, issueLink, newClinicWithStaff, startTestApp, SUBMIT, type TestApp } from '../../libs/testing/src/index.js';

// Personal data at rest and its removal (SECURITY.md #28, #40; GDPR Art. 17 and 32).
describe('personal data: encryption at rest, withdrawal, erasure, audit', () => {
  let t: TestApp;
  let admin: string;
  let staff: { staffToken: string; clinicId: string };

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
    admin = (await t.newAdmin()).token;
    staff = await newClinicWithStaff(t, admin);
  });
  afterAll(() => t.close());

  it('stores contact details only as AES-256-GCM ciphertext with a key id, bound to the row', async () => {
    const a = await enrolClient(t, staff.staffToken, { email: 'alice.secret@example.org' });
    const b = await enrolClient(t, staff.staffToken, { email: 'bob.secret@example.org' });
    const rows = await t.dataSource.query(`SELECT id, contact_ciphertext, contact_key_id FROM client WHERE id = ANY($1) ORDER BY id`, [[a.id, b.id]]);
    for (const r of rows) {
      expect(r.contact_key_id).toBe('dev1');
      expect(r.contact_ciphertext).not.toMatch(/secret|example/);
    }
    const [dump] = await t.dataSource.query(`SELECT count(*)::int AS n FROM client c WHERE c::text ILIKE '%secret@example%'`);
    expect(dump.n).toBe(0);
    // A ciphertext copied to another client's row does not decrypt there (AAD = table, column, row).
    const cipher = new ContactCipher(t.config.CONTACT_ENCRYPTION_KEYS);
    const ra = rows.find((r: { id: string }) => r.id === a.id);
    expect(cipher.open({ ciphertext: ra.contact_ciphertext, keyId: 'dev1' }, contactAad(staff.clinicId, a.id))).toMatchObject({ email: 'alice.secret@example.org' });
    expect(() => cipher.open({ ciphertext: ra.contact_ciphertext, keyId: 'dev1' }, contactAad(staff.clinicId, b.id))).toThrow();
    // Staff of the clinic read it decrypted.
    const r = await t.gql<{ client: { email: string } }>(`query($id: ID!) { client(id: $id) { email } }`, { id: a.id }, staff.staffToken);
    expect(r.data!.client.email).toBe('alice.secret@example.org');
  });

  it('rotates contact keys: every row re-encrypted under the new key, then readable without the old one', async () => {
    const newKey = `k2:${Buffer.alloc(32, 9).toString('base64')}`;
    const both = new ContactCipher(`${newKey},${t.config.CONTACT_ENCRYPTION_KEYS}`);
    const result = await rotateContactKeys(t.config.DATABASE_URL!, both);
    expect(result.keyId).toBe('k2');
    const [left] = await t.dataSource.query(`SELECT count(*)::int AS n FROM client WHERE contact_key_id <> 'k2'`);
    expect(left.n).toBe(0);
    const onlyNew = new ContactCipher(newKey);
    const rows = await t.dataSource.query(`SELECT clinic_id, id, contact_ciphertext FROM client WHERE contact_ciphertext IS NOT NULL`);
    for (const r of rows) expect(() => onlyNew.open({ ciphertext: r.contact_ciphertext, keyId: 'k2' }, contactAad(r.clinic_id, r.id))).not.toThrow();
    // Put the development key back so the running API (which only knows dev1) can read again.
    await rotateContactKeys(t.config.DATABASE_URL!, new ContactCipher(`${t.config.CONTACT_ENCRYPTION_KEYS},${newKey}`));
  });

  it('erasure removes the client, answers, scores and links in one go and leaves an audit event without personal data', async () => {
    const c = await enrolClient(t, staff.staffToken, { email: 'erase.me@example.org' });
    const a = c.surveyAssignments.find((x) => x.instrumentKey === 'RSES')!;
    const token = await issueLink(t, staff.staffToken, a.id);
    const answers = Array.from({ length: 10 }, (_, i) => ({ itemCode: `RSES_${i + 1}`, value: 2 }));
    expect((await t.gql(SUBMIT, { input: { token, answers, idempotencyKey: 'erase-me-01' } })).errors).toBeUndefined();

    const r = await t.gql<{ eraseClient: { clientId: string } }>(`mutation($id: ID!) { eraseClient(id: $id) { clientId erasedAt } }`, { id: c.id }, staff.staffToken);
    expect(r.data!.eraseClient.clientId).toBe(c.id);
    for (const table of ['client', 'consent', 'survey_assignment', 'survey_response', 'scale_score', 'treatment_course']) {
      const col = table === 'client' ? 'id' : 'client_id';
      const [n] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${col} = $1`, [c.id]);
      expect({ table, n: n.n }).toEqual({ table, n: 0 });
    }
    // Nothing anywhere in the database still holds the e-mail (full-text scan of every table).
    const tables: { table_name: string }[] = await t.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
    for (const { table_name } of tables) {
      const [hit] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table_name} x WHERE x::text ILIKE '%erase.me@example%'`);
      expect({ table_name, n: hit.n }).toEqual({ table_name, n: 0 });
    }
    // The link no longer opens anything.
    const form = await t.gql(`query($t: String!) { survey(token: $t) { status } }`, { t: token });
    expect(form.errors![0]!.extensions.code).toBe('NOT_FOUND');
    // The audit log keeps that it happened (ids and counts only) and the admin can find it.
    const audit = await t.gql<{ auditEvents: { items: { action: string; targetId: string; detailsJson: string }[] } }>(
      `query($id: String!) { auditEvents(action: "ERASURE", targetId: $id) { items { action targetId detailsJson } } }`,
      { id: c.id },
      admin,
    );
    expect(audit.data!.auditEvents.items).toEqual([{ action: 'ERASURE', targetId: c.id, detailsJson: JSON.stringify({ responses: 1, assignments: 3 }) }]);
  });

  it('records consent withdrawal with its time and audits it', async () => {
    const c = await enrolClient(t, staff.staffToken);
    const w = await t.gql<{ withdrawConsent: { withdrawnAt: string; current: boolean } }>(
      `mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { withdrawnAt current } }`,
      { i: { clientId: c.id, scope: 'RESEARCH' } },
      staff.staffToken,
    );
    expect(w.data!.withdrawConsent).toEqual({ withdrawnAt: t.clock.now().toISOString(), current: false });
    const again = await t.gql(`mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { id } }`, { i: { clientId: c.id, scope: 'RESEARCH' } }, staff.staffToken);
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_CURRENT_CONSENT' });
    const audit = await t.gql<{ auditEvents: { totalCount: number } }>(`query($id: String!) { auditEvents(action: "CONSENT_WITHDRAWN", targetId: $id) { totalCount } }`, { id: c.id }, admin);
    expect(audit.data!.auditEvents.totalCount).toBe(1);
  });

  it('audits logins and reads of client records, filterable by the administrator', async () => {
    const c = await enrolClient(t, staff.staffToken);
    await t.gql(`query($id: ID!) { client(id: $id) { id } }`, { id: c.id }, staff.staffToken);
    const reads = await t.gql<{ auditEvents: { items: { actorRole: string; outcome: string }[] } }>(
      `query($id: String!) { auditEvents(action: "CLIENT_READ", targetId: $id) { items { actorRole outcome } } }`,
      { id: c.id },
      admin,
    );
    expect(reads.data!.auditEvents.items).toEqual([{ actorRole: 'CLINIC_STAFF', outcome: 'SUCCESS' }]);
    const logins = await t.gql<{ auditEvents: { totalCount: number } }>(`{ auditEvents(action: "LOGIN", outcome: "SUCCESS") { totalCount } }`, {}, admin);
    expect(logins.data!.auditEvents.totalCount).toBeGreaterThanOrEqual(2);
  });
});
