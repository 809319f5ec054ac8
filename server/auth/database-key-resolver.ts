/**
 * Finds the secret(s) behind a key id. Account keys are the account's integer id; session keys
 * start with `s_` and are only ever good for SharedKeyV2, since they live on candidates' machines.
 */
import { SESSION_KEY_PREFIX } from '../crypto/tokens';
import type { SecretBox } from '../crypto/secret-box';
import type { Db } from '../db/schema';
import { isoTime } from '../lib/time';
import type { NonceRegistry, ResolvedKey, SigningKeyResolver } from './verify-signed-request';
import type { SqlEngine } from '../db/dialect';
import { createRepositories } from '../repositories/index';

export function createDatabaseKeyResolver(db: Db, engine: SqlEngine, secrets: SecretBox): SigningKeyResolver {
  const repositories = createRepositories(db, engine);
  return {
    async resolve(keyId: string, now: Date): Promise<ResolvedKey | undefined> {
      if (keyId.startsWith(SESSION_KEY_PREFIX)) {
        const session = await repositories.sessions.findBySessionKeyId(keyId);
        if (!session?.session_key_ciphertext) return undefined;
        return {
          principal: { kind: 'session', keyId, session },
          secrets: [secrets.open(session.session_key_ciphertext, 'session-secret')],
          requireV2: true,
        };
      }
      if (!/^[1-9][0-9]{0,9}$/.test(keyId)) return undefined;
      const account = await repositories.accounts.findById(Number(keyId));
      if (!account) return undefined;
      const valid = [secrets.open(account.secret_ciphertext, 'account-secret')];
      if (
        account.previous_secret_ciphertext &&
        account.previous_secret_expires_at &&
        account.previous_secret_expires_at > isoTime(now)
      ) {
        valid.push(secrets.open(account.previous_secret_ciphertext, 'account-secret'));
      }
      return { principal: { kind: 'account', keyId, account }, secrets: valid, requireV2: account.require_v2 === 1 };
    },
  };
}

export function createDatabaseNonceRegistry(db: Db, engine: SqlEngine): NonceRegistry {
  const nonces = createRepositories(db, engine).nonces;
  return {
    remember: (keyId, nonce, expiresAt) => nonces.remember(keyId, nonce, isoTime(expiresAt)),
  };
}
