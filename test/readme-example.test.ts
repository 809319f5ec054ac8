// The README's institution example, run as written against a real service: if the README drifts
// from the API, this fails.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/fixtures';
import { startTestService, type TestService } from './support/service-harness';

const run = promisify(execFile);

function readmeNodeExample(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const marker = readme.indexOf('In a few');
  const match = /```js\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (marker < 0 || !match) throw new Error('README.md has no Node example after "In a few lines of Node"');
  return match[1]!;
}

describe("README's institution example", () => {
  let service: TestService;
  let dir: string;
  beforeAll(async () => {
    service = await startTestService('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'vigil-readme-'));
  });
  afterAll(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates an exam and a session and prints a vigil:// launch URL', async () => {
    const { accountId, secretKey } = await service.app.services.accounts.create({ name: 'README College' });
    const script = readmeNodeExample()
      .replace("'http://127.0.0.1:8080'", JSON.stringify(service.baseUrl))
      .replace('accountId = 1', `accountId = ${accountId}`);
    expect(script).toContain(service.baseUrl);
    const file = join(dir, 'example.mjs');
    writeFileSync(file, script);
    const { stdout } = await run(process.execPath, [file], { env: { ...process.env, VIGIL_SECRET_KEY: secretKey } });
    const launchUrl = stdout.trim();
    expect(launchUrl).toMatch(/^vigil:\/\/launch\/[A-Za-z0-9_-]{22,}$/);
    const exam = await service.app.repositories.exams.findByTitle(accountId, 'Statistics 101 — final');
    expect(JSON.parse(exam!.policy)).toMatchObject({ requireIdCard: true });
    const session = await service.app.repositories.sessions.findUnlaunched(exam!.id);
    expect(session?.user_name).toBe('Alex Example');
  });
});
