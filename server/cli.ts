/**
 * `npm run -s service -- <command>`:
 *   serve [--port N] [--host H] [--data-dir DIR] [--database-url URL]
 *   account create --name NAME [--webhook-url URL] [--allow-v1] [--json]
 *   account list [--json]
 *   account update --id N --allow-v1 true|false [--json]
 *   account rotate --id N [--grace-hours H] [--json]
 *   account rotate-webhook-secret --id N [--json]
 *   demo --public-url URL [--json]
 *   staff create --account N --email E --role admin|proctor|reviewer [--role …] [--name NAME] [--public-url URL] [--json]
 *   staff list --account N [--json]
 *   staff disable --account N --email E
 * Environment: VIGIL_PORT, VIGIL_HOST, VIGIL_DATA_DIR, DATABASE_URL, VIGIL_MASTER_KEY, VIGIL_WEBHOOK_RETRY_BASE_MS.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadMasterKey } from './crypto/master-key';
import { loadResponseSigner } from './crypto/response-signing-key';
import { SecretBox } from './crypto/secret-box';
import { openDatabase } from './db/database';
import { systemClock } from './lib/time';
import { createRepositories } from './repositories/index';
import { checkWebhookUrl } from './webhooks/webhook-target';
import { AccountService, DEFAULT_ROTATION_GRACE_HOURS, type AccountSummary } from './services/account-service';
import { closeOnSignals, startServer } from './server';
import { staffCommand } from './console/staff-cli';
import { UsageError } from './lib/usage-error';

const USAGE = `Usage: npm run -s service -- <command>

  serve [--port N] [--host H] [--data-dir DIR] [--database-url URL]
  account create --name NAME [--webhook-url URL] [--allow-v1] [--json]
                                   SharedKeyV2 only unless --allow-v1 (StartExam's SharedKey too)
  account list [--json]
  account update --id N --allow-v1 true|false [--json]
  account rotate --id N [--grace-hours H] [--json]
  account rotate-webhook-secret --id N [--json]   a new whsec_ secret for X-Signature, shown once
  demo --public-url URL [--json]   the demo institution, exam and a fresh launch code (created when missing)
  response-key [--json]            the public key that signs answers to candidates: pin it in client builds
  staff create --account N --email E --role admin|proctor|reviewer [--role …] [--name NAME] [--public-url URL] [--json]
                                   a staff user and their one-time invitation link (72 h; VIGIL_PUBLIC_URL by default)
  staff list --account N [--json]
  staff disable --account N --email E   signs them out everywhere at once

Defaults: port 8080, host 127.0.0.1, data directory ./data, SQLite unless DATABASE_URL is postgres://…
Environment: VIGIL_PORT, VIGIL_HOST, VIGIL_DATA_DIR, DATABASE_URL, VIGIL_MASTER_KEY, VIGIL_WEBHOOK_RETRY_BASE_MS`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  name: { type: 'string' },
  'webhook-url': { type: 'string' },
  // A string so `update` can say true|false; a bare `--allow-v1` is rewritten to `=true` (see withFlagValues).
  'allow-v1': { type: 'string' },
  json: { type: 'boolean' },
  id: { type: 'string' },
  'grace-hours': { type: 'string' },
  'public-url': { type: 'string' },
  account: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function integer(text: string | undefined, what: string, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`${what} must be an integer from ${min} to ${max}`);
  return value;
}

/** `--allow-v1` alone (or before another flag) means true; `--allow-v1 false` and `--allow-v1=false` give the value. */
function withFlagValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i] !== '--allow-v1') out.push(argv[i]!);
    // Any word that follows is its value, so `--allow-v1 maybe` is refused rather than read as true.
    else if (next !== undefined && !next.startsWith('-')) out.push(`--allow-v1=${argv[++i]}`);
    else out.push('--allow-v1=true');
  }
  return out;
}

function allowV1Flag(flags: Flags): boolean | undefined {
  const value = flags['allow-v1'];
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new UsageError('--allow-v1 takes true or false');
  return value === 'true';
}

function accountId(flags: Flags, command: string): number {
  const id = integer(flags.id, '--id', 1, 2 ** 31 - 1);
  if (id === undefined) throw new UsageError(`account ${command} needs --id N`);
  return id;
}

function storage(flags: Flags) {
  return {
    dataDir: resolve(flags['data-dir'] ?? process.env.VIGIL_DATA_DIR ?? './data'),
    databaseUrl: flags['database-url'] ?? (process.env.DATABASE_URL || undefined),
    masterKey: process.env.VIGIL_MASTER_KEY || undefined,
    responseSigningKey: process.env.VIGIL_RESPONSE_SIGNING_KEY || undefined,
  };
}

async function serve(flags: Flags): Promise<void> {
  const port = integer(flags.port ?? process.env.VIGIL_PORT, 'The port', 0, 65535) ?? 8080;
  const host = flags.host ?? (process.env.VIGIL_HOST || '127.0.0.1');
  const retryBase = integer(process.env.VIGIL_WEBHOOK_RETRY_BASE_MS, 'VIGIL_WEBHOOK_RETRY_BASE_MS', 1, 86_400_000);
  const { app } = await startServer({
    ...storage(flags),
    // How often the service's clock runs over open sessions (disconnects, waits, the exam's end).
    sweepIntervalMs: integer(process.env.VIGIL_SWEEP_INTERVAL_MS, 'VIGIL_SWEEP_INTERVAL_MS', 100, 3_600_000),
    port,
    host,
    webhookRetryBaseMs: retryBase,
    publicBaseUrl: process.env.VIGIL_PUBLIC_URL || undefined,
    storageUrl: process.env.VIGIL_STORAGE_URL || undefined,
    ...abuseLimitsFromEnvironment(),
  });
  closeOnSignals(app);
}

/** Body caps, rate limits (per minute) and the trusted proxies; unset keeps the defaults (README, Configuration). */
function abuseLimitsFromEnvironment() {
  const env = process.env;
  const bytes = (name: string) => integer(env[name], name, 1024, 2 ** 31);
  const perMinute = (name: string) => {
    const max = integer(env[name], name, 1, 100_000_000);
    return max === undefined ? undefined : { max, timeWindowMs: 60_000 };
  };
  return {
    maxJsonBytes: bytes('VIGIL_MAX_JSON_BYTES'),
    maxFaceJsonBytes: bytes('VIGIL_MAX_FACE_JSON_BYTES'),
    maxPatchBytes: bytes('VIGIL_MAX_PATCH_BYTES'),
    trustProxy: env.VIGIL_TRUST_PROXY?.trim() || undefined,
    launchRateLimit: perMinute('VIGIL_RATE_LIMIT_LAUNCH'),
    rateLimits: {
      session: perMinute('VIGIL_RATE_LIMIT_SESSION'),
      sessionFace: perMinute('VIGIL_RATE_LIMIT_FACE'),
      account: perMinute('VIGIL_RATE_LIMIT_ACCOUNT'),
      accountFace: perMinute('VIGIL_RATE_LIMIT_ACCOUNT_FACE'),
    },
  };
}

/** The account commands work on the database directly: no server needs to run. */
async function withAccounts<T>(flags: Flags, work: (accounts: AccountService) => Promise<T>): Promise<T> {
  const { dataDir, databaseUrl, masterKey } = storage(flags);
  const key = loadMasterKey(dataDir, masterKey);
  if (key.source === 'created') {
    process.stderr.write(
      `Created a master key in ${dataDir}; keep it (or set VIGIL_MASTER_KEY): without it the keys cannot be read.\n`,
    );
  }
  const database = await openDatabase({ dataDir, databaseUrl });
  try {
    return await work(
      new AccountService(createRepositories(database.db, database.engine), new SecretBox(key.key), systemClock),
    );
  } finally {
    await database.close();
  }
}

function printAccounts(accounts: AccountSummary[]): void {
  if (accounts.length === 0) return void process.stdout.write('No accounts.\n');
  for (const account of accounts) {
    const flags = [
      account.allowV1 ? 'accepts SharedKey (V1)' : 'SharedKeyV2 only',
      account.webhookSecretRotatedAt ? null : 'webhooks signed with the API key (run rotate-webhook-secret)',
      account.previousKeyValidUntil ? `previous key valid until ${account.previousKeyValidUntil}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    process.stdout.write(
      `${account.accountId}\t${account.name}\twebhook: ${account.webhookUrl ?? '-'}\tcreated ${account.createdAt}${flags ? `\t${flags}` : ''}\n`,
    );
  }
}

async function account(subcommand: string | undefined, flags: Flags): Promise<void> {
  switch (subcommand) {
    case 'create': {
      const name = flags.name?.trim();
      if (!name) throw new UsageError('account create needs --name NAME');
      const webhookUrl = flags['webhook-url'];
      if (webhookUrl !== undefined && !z.url({ protocol: /^https?$/ }).safeParse(webhookUrl).success) {
        throw new UsageError('--webhook-url must be an http(s) URL');
      }
      const refused = webhookUrl === undefined ? null : await checkWebhookUrl(webhookUrl);
      if (refused) throw new UsageError(refused);
      const created = await withAccounts(flags, (accounts) =>
        accounts.create({ name, webhookUrl: webhookUrl ?? null, allowV1: allowV1Flag(flags) ?? false }),
      );
      if (flags.json) process.stdout.write(`${JSON.stringify(created)}\n`);
      else
        process.stdout.write(
          `Account ${created.accountId} created.\nSecretKey (shown once, store it now): ${created.secretKey}\nWebhook secret (shown once, for your webhook receiver only): ${created.webhookSecret}\n`,
        );
      return;
    }
    case 'update': {
      const id = accountId(flags, 'update');
      const allowV1 = allowV1Flag(flags);
      if (allowV1 === undefined) throw new UsageError('account update needs --allow-v1 true|false');
      const updated = await withAccounts(flags, (accounts) => accounts.setAllowV1(id, allowV1));
      if (flags.json) process.stdout.write(`${JSON.stringify(updated)}\n`);
      else
        process.stdout.write(
          `Account ${id} ${updated.allowV1 ? 'accepts SharedKey (V1) and SharedKeyV2' : 'accepts SharedKeyV2 only'}.\n`,
        );
      return;
    }
    case 'rotate-webhook-secret': {
      const id = accountId(flags, 'rotate-webhook-secret');
      const rotated = await withAccounts(flags, (accounts) => accounts.rotateWebhookSecret(id));
      if (flags.json) process.stdout.write(`${JSON.stringify(rotated)}\n`);
      else
        process.stdout.write(
          `Account ${id} has a new webhook secret; deliveries from now on are signed with it.\nWebhook secret (shown once, store it now): ${rotated.webhookSecret}\n`,
        );
      return;
    }
    case 'list': {
      const accounts = await withAccounts(flags, (service) => service.list());
      if (flags.json) process.stdout.write(`${JSON.stringify(accounts)}\n`);
      else printAccounts(accounts);
      return;
    }
    case 'rotate': {
      const id = accountId(flags, 'rotate');
      const graceHours =
        flags['grace-hours'] === undefined ? DEFAULT_ROTATION_GRACE_HOURS : Number(flags['grace-hours']);
      if (!Number.isFinite(graceHours) || graceHours < 0 || graceHours > 24 * 365) {
        throw new UsageError('--grace-hours must be a number of hours from 0 to 8760');
      }
      const rotated = await withAccounts(flags, (accounts) => accounts.rotate(id, graceHours));
      if (flags.json) process.stdout.write(`${JSON.stringify(rotated)}\n`);
      else
        process.stdout.write(
          `Account ${rotated.accountId} has a new key.\nSecretKey (shown once, store it now): ${rotated.secretKey}\nThe previous key works until ${rotated.previousKeyValidUntil}.\n`,
        );
      return;
    }
    default:
      throw new UsageError(`Unknown account command: ${subcommand ?? '(none)'}`);
  }
}

/** `npm start` calls this beside a running service (SQLite in WAL mode takes a second process). */
/** Prints the Ed25519 public key a client build pins (MAIN_VITE_VIGIL_SERVICE_PUBLIC_KEY). */
function responseKey(flags: Flags): void {
  const { dataDir, responseSigningKey } = storage(flags);
  const { publicKey } = loadResponseSigner(dataDir, responseSigningKey);
  process.stdout.write(flags.json ? `${JSON.stringify({ publicKey })}\n` : `${publicKey}\n`);
}

async function demo(flags: Flags): Promise<void> {
  const publicBaseUrl = flags['public-url'] ?? process.env.VIGIL_PUBLIC_URL;
  if (!publicBaseUrl || !z.url({ protocol: /^https?$/ }).safeParse(publicBaseUrl).success) {
    throw new UsageError('demo needs --public-url URL: where the service is reached (the demo exam lives there)');
  }
  const { buildApp } = await import('./app');
  const { ensureDemo } = await import('./demo/seed-demo');
  const app = await buildApp({ ...storage(flags), logger: false, backgroundJobs: false });
  try {
    const seed = await ensureDemo(app, { publicBaseUrl });
    if (flags.json) process.stdout.write(`${JSON.stringify(seed)}\n`);
    else
      process.stdout.write(
        `Demo exam ${seed.examId}, session ${seed.sessionId}\nLaunch code: ${seed.launchCode}\nLaunch link: ${seed.launchUrl}\n${seed.secretKey ? `Demo institution key ${seed.accountId}, SecretKey (shown once): ${seed.secretKey}\n` : ''}`,
      );
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values: flags, positionals } = parseArgs({
    args: withFlagValues(argv),
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const [command, subcommand] = positionals;
  if (flags.help || !command) return void process.stdout.write(`${USAGE}\n`);
  if (command === 'serve') return serve(flags);
  if (command === 'account') return account(subcommand, flags);
  if (command === 'demo') return demo(flags);
  if (command === 'response-key') return responseKey(flags);
  if (command === 'staff') return staffCommand(subcommand, flags, storage(flags));
  throw new UsageError(`Unknown command: ${command}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage =
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
  process.stderr.write(
    `error: ${error instanceof Error ? error.message : String(error)}\n${usage ? `\n${USAGE}\n` : ''}`,
  );
  process.exit(usage ? 2 : 1);
});
