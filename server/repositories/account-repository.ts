/** Institution accounts: their sealed SecretKeys, V2 requirement, webhook settings and sealed webhook secret. */
import type { AccountRow, Db } from '../db/schema';

export interface NewAccount {
  name: string;
  secretCiphertext: string;
  requireV2: boolean;
  webhookSecretCiphertext: string;
  webhookUrl: string | null;
  createdAt: string;
}

export interface KeyRotation {
  secretCiphertext: string;
  previousSecretCiphertext: string;
  previousSecretExpiresAt: string;
  rotatedAt: string;
}

export class AccountRepository {
  constructor(private readonly db: Db) {}

  async insert(account: NewAccount): Promise<AccountRow> {
    return this.db
      .insertInto('accounts')
      .values({
        name: account.name,
        secret_ciphertext: account.secretCiphertext,
        require_v2: account.requireV2 ? 1 : 0,
        webhook_secret_ciphertext: account.webhookSecretCiphertext,
        webhook_secret_rotated_at: account.createdAt,
        webhook_url: account.webhookUrl,
        webhook_incident_types: '[]',
        created_at: account.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByName(name: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('name', '=', name).orderBy('id').executeTakeFirst();
  }

  async list(): Promise<AccountRow[]> {
    return this.db.selectFrom('accounts').selectAll().orderBy('id').execute();
  }

  async rotate(id: number, rotation: KeyRotation): Promise<boolean> {
    const updated = await this.db
      .updateTable('accounts')
      .set({
        secret_ciphertext: rotation.secretCiphertext,
        previous_secret_ciphertext: rotation.previousSecretCiphertext,
        previous_secret_expires_at: rotation.previousSecretExpiresAt,
        rotated_at: rotation.rotatedAt,
      })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return updated !== undefined;
  }

  async setRequireV2(id: number, requireV2: boolean): Promise<boolean> {
    const updated = await this.db
      .updateTable('accounts')
      .set({ require_v2: requireV2 ? 1 : 0 })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return updated !== undefined;
  }

  async setWebhookSecret(id: number, ciphertext: string, rotatedAt: string): Promise<boolean> {
    const updated = await this.db
      .updateTable('accounts')
      .set({ webhook_secret_ciphertext: ciphertext, webhook_secret_rotated_at: rotatedAt })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return updated !== undefined;
  }

  async updateWebhook(id: number, url: string | null, incidentTypes: readonly string[]): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({ webhook_url: url, webhook_incident_types: JSON.stringify(incidentTypes) })
      .where('id', '=', id)
      .execute();
  }
}
