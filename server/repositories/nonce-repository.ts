/** SharedKeyV2 nonces, in the database so a replay is caught whichever instance it reaches. */
import type { Db } from '../db/schema';

export class NonceRepository {
  constructor(private readonly db: Db) {}

  /** True when the nonce is new for this key (and is now remembered until `expiresAt`). */
  async remember(keyId: string, nonce: string, expiresAt: string): Promise<boolean> {
    const inserted = await this.db
      .insertInto('nonces')
      .values({ key_id: keyId, nonce, expires_at: expiresAt })
      .onConflict((conflict) => conflict.columns(['key_id', 'nonce']).doNothing())
      .returning('nonce')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async deleteExpired(now: string): Promise<number> {
    const deleted = await this.db.deleteFrom('nonces').where('expires_at', '<', now).returning('nonce').execute();
    return deleted.length;
  }
}
