/**
 * Creating accounts, listing them, rotating their API keys and webhook secrets, and choosing whether
 * StartExam's V1 signatures are accepted: shared by the CLI, the demo seed and the routes.
 */
import type { IncidentType } from '../../shared/incidents';
import { generateSecretKey, generateWebhookSecret } from '../crypto/tokens';
import type { SecretBox } from '../crypto/secret-box';
import type { AccountRow } from '../db/schema';
import { HttpError, notFound } from '../lib/http-error';
import { addMs, isoTime, type Clock } from '../lib/time';
import { presentWebhookConfig, type WebhookConfig } from '../presenters/api-presenters';
import type { Repositories } from '../repositories/index';
import { checkWebhookUrl } from '../webhooks/webhook-target';

export const DEFAULT_ROTATION_GRACE_HOURS = 24;

export interface CreateAccountInput {
  name: string;
  webhookUrl?: string | null;
  /** Accept StartExam's SharedKey (V1) too; new accounts are SharedKeyV2-only unless asked. */
  allowV1?: boolean;
}

export interface CreatedAccount {
  accountId: number;
  /** Shown once; only its sealed form is stored. */
  secretKey: string;
  /** Signs webhooks (X-Signature) and nothing else; shown once. */
  webhookSecret: string;
}

export interface AccountSummary {
  accountId: number;
  name: string;
  allowV1: boolean;
  webhookUrl: string | null;
  /** When the webhook secret was last set; null: webhooks are still signed with the API key (pre-0004 account). */
  webhookSecretRotatedAt: string | null;
  createdAt: string;
  rotatedAt: string | null;
  previousKeyValidUntil: string | null;
}

export interface RotatedAccount {
  accountId: number;
  secretKey: string;
  /** The replaced key keeps working until then (ISO time); equal to now when the grace is 0. */
  previousKeyValidUntil: string;
}

export interface RotatedWebhookSecret {
  accountId: number;
  /** Shown once; replaces the previous one at once. */
  webhookSecret: string;
  rotatedAt: string;
}

export class AccountService {
  constructor(
    private readonly repositories: Repositories,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateAccountInput): Promise<CreatedAccount> {
    const secretKey = generateSecretKey();
    const webhookSecret = generateWebhookSecret();
    const account = await this.repositories.accounts.insert({
      name: input.name,
      secretCiphertext: this.secrets.seal(secretKey, 'account-secret'),
      requireV2: !(input.allowV1 ?? false),
      webhookSecretCiphertext: this.secrets.seal(webhookSecret, 'webhook-secret'),
      webhookUrl: input.webhookUrl ?? null,
      createdAt: isoTime(this.clock()),
    });
    return { accountId: account.id, secretKey, webhookSecret };
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.repositories.accounts.list()).map((account) => this.summarize(account));
  }

  /** What the CLI and `GET /v1/account` show: never a secret. */
  summarize(account: AccountRow): AccountSummary {
    const now = isoTime(this.clock());
    return {
      accountId: account.id,
      name: account.name,
      allowV1: account.require_v2 === 0,
      webhookUrl: account.webhook_url,
      webhookSecretRotatedAt: account.webhook_secret_ciphertext ? account.webhook_secret_rotated_at : null,
      createdAt: account.created_at,
      rotatedAt: account.rotated_at,
      previousKeyValidUntil:
        account.previous_secret_expires_at && account.previous_secret_expires_at > now
          ? account.previous_secret_expires_at
          : null,
    };
  }

  async setAllowV1(accountId: number, allowV1: boolean): Promise<AccountSummary> {
    if (!(await this.repositories.accounts.setRequireV2(accountId, !allowV1))) throw notFound(`Account ${accountId}`);
    return this.summarize((await this.repositories.accounts.findById(accountId))!);
  }

  /** The webhook receiver and its incident-type filter (GET /v1/webhooks). */
  webhookConfig(account: AccountRow): WebhookConfig {
    return presentWebhookConfig(account);
  }

  /** Sets (with url null, removes) the webhook receiver; an address the service must not call is refused. */
  async setWebhook(
    accountId: number,
    config: { url: string | null; incidentTypes: readonly IncidentType[] },
  ): Promise<WebhookConfig> {
    const refused = config.url ? await checkWebhookUrl(config.url) : null;
    if (refused) throw new HttpError(400, 'validation_failed', refused, [{ path: 'body/url', message: refused }]);
    await this.repositories.accounts.updateWebhook(accountId, config.url, config.incidentTypes);
    return { url: config.url, incidentTypes: [...config.incidentTypes] };
  }

  /** A new webhook secret, replacing the previous one at once (the next delivery attempt uses it). */
  async rotateWebhookSecret(accountId: number): Promise<RotatedWebhookSecret> {
    const webhookSecret = generateWebhookSecret();
    const rotatedAt = isoTime(this.clock());
    const sealed = this.secrets.seal(webhookSecret, 'webhook-secret');
    if (!(await this.repositories.accounts.setWebhookSecret(accountId, sealed, rotatedAt))) {
      throw notFound(`Account ${accountId}`);
    }
    return { accountId, webhookSecret, rotatedAt };
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

  /** The current API SecretKey. */
  secretOf(account: AccountRow): string {
    return this.secrets.open(account.secret_ciphertext, 'account-secret');
  }

  /**
   * The key webhooks are signed with: the account's webhook secret. An account from before
   * migration 0004 that never rotated one keeps its API key here, so its receivers do not break.
   */
  webhookSecretOf(account: AccountRow): string {
    return account.webhook_secret_ciphertext
      ? this.secrets.open(account.webhook_secret_ciphertext, 'webhook-secret')
      : this.secretOf(account);
  }
}
