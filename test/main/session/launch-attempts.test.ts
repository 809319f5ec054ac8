/**
 * A candidate whose launch answer is lost launches again, even after this app restarts: the
 * idempotency key of the attempt is kept on disk until the launch is adopted. Before, the retry
 * found the code spent (410) and the session joined with a key nobody held.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { ApiClient } from '../../../main/api/api-client';
import { LaunchAttemptKeys } from '../../../main/session/launch-attempt-keys';
import { SessionController } from '../../../main/session/session-controller';
import { startClientTestService, type ClientTestService } from '../../support/client-service';

const client = { version: '9.8.7', platform: 'linux', kind: 'desktop' } as const;

/** Forwards to the service, lets it answer, then drops the answer on the floor for the first `losses` launches. */
async function answerLosingProxy(
  target: string,
  losses: { remaining: number },
): Promise<{ url: string; server: Server }> {
  const server = createServer((incoming, outgoing) => {
    const forwarded = httpRequest(
      `${target}${incoming.url ?? '/'}`,
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        if (incoming.url === '/v1/client/launch' && losses.remaining > 0) {
          losses.remaining -= 1;
          answer.resume();
          answer.on('end', () => outgoing.socket?.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('launch attempts survive a lost answer and an app restart', () => {
  let service: ClientTestService;
  let directory: string;
  let proxy: { url: string; server: Server };
  const losses = { remaining: 0 };

  beforeAll(async () => {
    service = await startClientTestService();
    directory = await mkdtemp(join(tmpdir(), 'vigil-launch-attempts-'));
    proxy = await answerLosingProxy(service.baseUrl, losses);
  });
  afterAll(async () => {
    proxy?.server.close();
    await service?.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  const controller = (file: string) =>
    new SessionController({
      api: new ApiClient({ serviceUrl: proxy.url, client, retry: { retries: 0 } }),
      launchAttempts: new LaunchAttemptKeys(file),
    });

  it('the app that never heard back launches again with the same key after a restart, and gets the session', async () => {
    const { launchCode, sessionId } = await service.createSession();
    const file = join(directory, 'attempts.json');
    losses.remaining = 1;
    await expect(controller(file).launch(launchCode)).rejects.toThrow();
    // The launch was committed on the service; only its answer was lost.
    expect(await readFile(file, 'utf8')).not.toContain(launchCode);

    // A new process (same data directory) tries again.
    const summary = await controller(file).launch(launchCode);
    expect(summary.sessionId).toBe(sessionId);
    expect(summary.state).toBe('joined');
    // Adopted: the attempt is over and its key forgotten.
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({});
  });

  it('another installation (no kept key) still finds the code spent', async () => {
    const { launchCode } = await service.createSession();
    losses.remaining = 1;
    await expect(controller(join(directory, 'first.json')).launch(launchCode)).rejects.toThrow();
    await expect(controller(join(directory, 'other.json')).launch(launchCode)).rejects.toMatchObject({
      code: 'gone',
    });
  });
});
