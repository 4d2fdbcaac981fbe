import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface ContactDetails {
  readonly email?: string | null;
  readonly phone?: string | null;
}

export interface SealedContact {
  readonly ciphertext: string;
  readonly keyId: string;
}

// AES-256-GCM, fresh 96-bit IV per value, AAD binds the value to its row so a ciphertext copied
// to another client does not decrypt. Keys come from configuration with an id stored per value.
export class ContactCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly activeKeyId: string;

  constructor(spec: string) {
    const pairs = spec.split(',').map((p) => {
      const [kid, b64] = p.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!kid || key.length !== 32) throw new Error('contact encryption keys must be kid:base64(32 bytes)');
      return [kid, key] as const;
    });
    this.keys = new Map(pairs);
    this.activeKeyId = pairs[0]![0];
  }

  get activeKey(): string {
    return this.activeKeyId;
  }

  seal(contact: ContactDetails, aad: string): SealedContact {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(contact), 'utf8'), cipher.final()]);
    return {
      ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'),
      keyId: this.activeKeyId,
    };
  }

  open(sealed: SealedContact, aad: string): ContactDetails {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`contact key ${sealed.keyId} is not configured`);
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as ContactDetails;
  }
}

export const contactAad = (clinicId: string, clientId: string) => `client.contact:${clinicId}:${clientId}`;
