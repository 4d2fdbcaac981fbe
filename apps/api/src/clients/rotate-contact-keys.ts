import pg from 'pg';
import { contactAad, type ContactCipher } from '../common/contact-cipher.js';

/**
 * Re-encrypts every contact value not under the active key, in batches, each batch one
 * transaction. Runs as the database owner (an operator command, not an API request).
 */
export async function rotateContactKeys(url: string, cipher: ContactCipher, batchSize = 500): Promise<{ rotated: number; total: number; keyId: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const keyId = cipher.activeKey;
    const [{ total }] = (await client.query(`SELECT count(*)::int AS total FROM client WHERE contact_ciphertext IS NOT NULL`)).rows;
    let rotated = 0;
    for (;;) {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `SELECT clinic_id, id, contact_ciphertext, contact_key_id FROM client
          WHERE contact_ciphertext IS NOT NULL AND contact_key_id <> $1 LIMIT $2 FOR UPDATE`,
        [keyId, batchSize],
      );
      for (const r of rows) {
        const aad = contactAad(r.clinic_id, r.id);
        const sealed = cipher.seal(cipher.open({ ciphertext: r.contact_ciphertext, keyId: r.contact_key_id }, aad), aad);
        await client.query(`UPDATE client SET contact_ciphertext = $3, contact_key_id = $4 WHERE clinic_id = $1 AND id = $2`, [r.clinic_id, r.id, sealed.ciphertext, sealed.keyId]);
      }
      await client.query('COMMIT');
      rotated += rows.length;
      if (rows.length < batchSize) break;
    }
    return { rotated, total, keyId };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}
