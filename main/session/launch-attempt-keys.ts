/**
 * The idempotency key of the launch attempts for one launch code, kept on disk until the launch
 * is adopted: if the answer to a launch is lost (the service died after its commit, the network
 * dropped, this app crashed before keeping the credentials), the next attempt sends the same key
 * and the service hands the same session back with a fresh key instead of "code already used".
 * Keyed by the code's SHA-256, so no launch code is written to disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileDurably } from '../../shared/node/durable-fs';

type KeysByCode = Record<string, string>;

const codeHash = (launchCode: string) => createHash('sha256').update(launchCode, 'utf8').digest('hex');

export class LaunchAttemptKeys {
  /** Without a file the keys live in memory only (tests, or a data directory that cannot be written). */
  constructor(private readonly file: string | null) {}

  private memory: KeysByCode = {};

  async keyFor(launchCode: string): Promise<string> {
    const keys = await this.load();
    const hash = codeHash(launchCode);
    const existing = keys[hash];
    if (existing) return existing;
    const created = randomBytes(24).toString('base64url');
    await this.save({ ...keys, [hash]: created });
    return created;
  }

  /** The launch was adopted (its credentials are kept): its attempts are over. */
  async forget(launchCode: string): Promise<void> {
    const keys = await this.load();
    const hash = codeHash(launchCode);
    if (!(hash in keys)) return;
    const rest = Object.fromEntries(Object.entries(keys).filter(([code]) => code !== hash));
    await this.save(rest);
  }

  private async load(): Promise<KeysByCode> {
    if (!this.file) return this.memory;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as KeysByCode) : {};
    } catch {
      // Missing or unreadable: a fresh attempt sequence (at worst the code reads as used, as before).
      return {};
    }
  }

  private async save(keys: KeysByCode): Promise<void> {
    this.memory = keys;
    if (this.file) await writeFileDurably(this.file, JSON.stringify(keys));
  }
}
