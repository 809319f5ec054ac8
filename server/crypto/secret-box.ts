/**
 * AES-256-GCM for secrets at rest. Each value carries its own 12-byte IV and tag, and is bound to
 * a purpose (additional data) so a ciphertext copied into another column does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 'v1';

export type SecretPurpose = 'account-secret' | 'session-secret' | 'quit-password' | 'webhook-secret';

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.byteLength !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, purpose: SecretPurpose): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(
      ':',
    );
  }

  open(sealed: string, purpose: SecretPurpose): string {
    const [format, iv, tag, ciphertext] = sealed.split(':');
    if (format !== FORMAT || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    // Throws when the master key is wrong or the value was tampered with.
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }
}
