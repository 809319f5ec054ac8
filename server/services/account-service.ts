/** Creating accounts, listing them and rotating their keys: shared by the CLI, the demo seed and the routes. */
import { generateSecretKey } from '../crypto/tokens';
import type { SecretBox } from '../crypto/secret-box';
import type { AccountRow } from '../db/schema';
import { notFound } from '../lib/http-error';
import { addMs, isoTime, type Clock } from '../lib/time';
import type { Repositories } from '../repositories/index';

export const DEFAULT_ROTATION_GRACE_HOURS = 24;

export interface CreateAccountInput {
  name: string;
  webhookUrl?: string | null;
  requireV2?: boolean;
}

export interface CreatedAccount {
  accountId: number;
  /** Shown once; only its sealed form is stored. */
  secretKey: string;
}

export interface AccountSummary {
  accountId: number;
  name: string;
  requireV2: boolean;
  webhookUrl: string | null;
  createdAt: string;
  rotatedAt: string | null;
  previousKeyValidUntil: string | null;
}

export interface RotatedAccount extends CreatedAccount {
  /** The replaced key keeps working until then (ISO time); equal to now when the grace is 0. */
  previousKeyValidUntil: string;
}

export class AccountService {
  constructor(
    private readonly repositories: Repositories,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateAccountInput): Promise<CreatedAccount> {
    const secretKey = generateSecretKey();
    const account = await this.repositories.accounts.insert({
      name: input.name,
      secretCiphertext: this.secrets.seal(secretKey, 'account-secret'),
      requireV2: input.requireV2 ?? false,
      webhookUrl: input.webhookUrl ?? null,
      createdAt: isoTime(this.clock()),
    });
    return { accountId: account.id, secretKey };
  }

  async list(): Promise<AccountSummary[]> {
    const now = isoTime(this.clock());
    return (await this.repositories.accounts.list()).map((account) => ({
      accountId: account.id,
      name: account.name,
      requireV2: account.require_v2 === 1,
      webhookUrl: account.webhook_url,
      createdAt: account.created_at,
      rotatedAt: account.rotated_at,
      previousKeyValidUntil:
        account.previous_secret_expires_at && account.previous_secret_expires_at > now
          ? account.previous_secret_expires_at
          : null,
    }));
  }

  /**
   * Issues a new key; the current one stays valid for `graceHours` so integrations can switch over.
   * Only one previous key is kept: rotating again ends the earlier grace period at once.
   */
  async rotate(accountId: number, graceHours = DEFAULT_ROTATION_GRACE_HOURS): Promise<RotatedAccount> {
    if (!Number.isFinite(graceHours) || graceHours < 0) throw new Error('The grace period must be 0 hours or more');
    const account = await this.repositories.accounts.findById(accountId);
    if (!account) throw notFound(`Account ${accountId}`);
    const now = this.clock();
    const secretKey = generateSecretKey();
    const previousKeyValidUntil = isoTime(addMs(now, graceHours * 60 * 60 * 1000));
    await this.repositories.accounts.rotate(accountId, {
      secretCiphertext: this.secrets.seal(secretKey, 'account-secret'),
      previousSecretCiphertext: account.secret_ciphertext,
      previousSecretExpiresAt: previousKeyValidUntil,
      rotatedAt: isoTime(now),
    });
    return { accountId, secretKey, previousKeyValidUntil };
  }

  /** The current SecretKey, for signing webhooks. */
  secretOf(account: AccountRow): string {
    return this.secrets.open(account.secret_ciphertext, 'account-secret');
  }
}
