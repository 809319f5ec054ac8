/** Everything buildApp can be told; the CLI fills it from flags and the environment. */
import type { FastifyServerOptions } from 'fastify';
import type { FaceAnalyzer } from './face/face-analyzer-types';
import type { RateLimits } from './plugins/rate-limit-plugin';
import type { RecordingStorage } from './recordings/recording-storage';

export interface AppOptions {
  /** Where SQLite's file and the master key file live (created when missing). */
  dataDir: string;
  /** postgres://… to use PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** 32 bytes as 64 hex characters or base64; else `<dataDir>/master.key`. */
  masterKey?: string | undefined;
  /** Ed25519 seed that signs answers to session keys (64 hex characters or base64); else `<dataDir>/response-signing.key`. */
  responseSigningKey?: string | undefined;
  logger?: FastifyServerOptions['logger'];
  /** First retry delay of a failed webhook; doubles on each further attempt. */
  webhookRetryBaseMs?: number | undefined;
  /** How the service is reached from outside (the demo exam's URL); else taken from each request's Host. */
  publicBaseUrl?: string | undefined;
  /** The service's clock, for tests of expiry, skew and retention. */
  now?: (() => Date) | undefined;
  /** Face recognition; by default server/face/face-analyzer.ts, loaded on first use. */
  faceAnalyzer?: FaceAnalyzer | undefined;
  /** Launch codes expire after this long (default 7 days). */
  launchCodeTtlMs?: number | undefined;
  /** Launch attempts allowed per client address per window (default 30 a minute). */
  launchRateLimit?: { max: number; timeWindowMs: number } | undefined;
  /** Per-session and per-account limits on signed routes (defaults in rate-limit-plugin.ts). */
  rateLimits?: Partial<RateLimits> | undefined;
  /**
   * The proxies in front of the service (VIGIL_TRUST_PROXY: addresses or CIDRs, comma-separated): their
   * X-Forwarded-For names the client, for the launch limit and the logs. Default: none is trusted.
   */
  trustProxy?: string | string[] | undefined;
  /** Run the webhook dispatcher, heartbeat sweeper and purge on timers (default true). */
  backgroundJobs?: boolean | undefined;
  webhookPollIntervalMs?: number | undefined;
  webhookTimeoutMs?: number | undefined;
  sweepIntervalMs?: number | undefined;
  purgeIntervalMs?: number | undefined;
  /** How often leased background work (seekable copies) is re-examined for a dead holder (default 15 s). */
  leaseSweepIntervalMs?: number | undefined;
  /** Where recordings go: `s3://bucket/prefix?…` or `file://…` (VIGIL_STORAGE_URL; docs/recordings.md); default `<dataDir>/recordings`. */
  storageUrl?: string | undefined;
  /** A ready recording store instead of one built from storageUrl (tests). */
  recordingStorage?: RecordingStorage | undefined;
  /** A comment line on every client event stream this often, so proxies keep it open (default 15 s). */
  eventStreamPingMs?: number | undefined;
  /** The `retry:` hint on the event stream (default 2 s). */
  eventStreamRetryMs?: number | undefined;
  /** Largest JSON body (VIGIL_MAX_JSON_BYTES, default 1 MiB); the face routes have their own cap. */
  maxJsonBytes?: number | undefined;
  /** Largest body of the face routes, up to 8 base64 frames (VIGIL_MAX_FACE_JSON_BYTES, default 8 MiB). */
  maxFaceJsonBytes?: number | undefined;
  /** Largest tus PATCH chunk (VIGIL_MAX_PATCH_BYTES, default 16 MiB; the desktop client sends at most 8 MiB). */
  maxPatchBytes?: number | undefined;
}

export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;
export const DEFAULT_MAX_FACE_JSON_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_PATCH_BYTES = 16 * 1024 * 1024;
