/**
 * An institution's key never reaches a candidate machine (issue 10). Three scans, each failing on
 * anything shaped like an account secret (test/support/secret-shapes.ts):
 *   1. every file the installers lay down or carry (build/, the example configuration, the MSI's WiX additions);
 *   2. the IPC contract's response and event schemas (no field that could carry a key);
 *   3. every answer and event the renderer actually receives, recorded over the real preview bridge
 *      (HTTP, the wire encoding) while a whole session runs against the real service.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/logger';
import { startPreviewClient, type PreviewClient } from '../../../main/preview/preview-launcher';
import type { SystemProbe } from '../../../main/system/system-probe';
import { generateSecretKey } from '../../../server/crypto/tokens';
import { encodeWire } from '../../../shared/ipc/wire';
import { INVOKE_CHANNELS, ipcEventContract, ipcInvokeContract, type InvokeChannel } from '../../../shared/ipc/contract';
import { managedConfigSchema } from '../../../shared/managed-config';
import { startClientTestService, type ClientTestService } from '../../support/client-service';
import { repoRoot } from '../../support/fixtures';
import { findSecretShapes, QUIT_VERIFIER } from '../../support/secret-shapes';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}

describe('the secret-shape scan itself', () => {
  it('finds every shape an account secret takes, and not ordinary text', () => {
    const hex = generateSecretKey();
    expect(findSecretShapes(`{"value":"${hex}"}`).map((f) => f.shape)).toContain('hex of 32+ bytes');
    expect(findSecretShapes(Buffer.from(hex, 'hex').toString('base64')).map((f) => f.shape)).toEqual([
      'base64 of 32+ bytes',
    ]);
    expect(findSecretShapes('authorization: SharedKeyV2 12:q2Rk3vTz8YbX0pWc1aLm9n==').map((f) => f.shape)).toContain(
      'SharedKey authorization',
    );
    expect(findSecretShapes('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').map((f) => f.shape)).toContain(
      'whsec_ webhook secret',
    );
    // The example configuration the installers laid down before issue 10.
    const old = '{"centreAccount": { "accountId": 42, "secretKey": "' + '0'.repeat(64) + '" }}';
    expect(findSecretShapes(old).map((f) => f.shape)).toEqual(['hex of 32+ bytes', 'secret field', 'secret field']);
    expect(findSecretShapes('a live one', ['live'])).toHaveLength(1);
    expect(
      findSecretShapes('/opt/${sanitizedProductName}/resources/managed/config.json electronFusesRunAsNodeOnlyLoad'),
    ).toEqual([]);
  });
});

describe('what the installers lay down', () => {
  it('no file under build/ (installer scripts, the managed folder, the example) holds anything shaped like a secret', async () => {
    const files = await filesUnder(join(repoRoot, 'build'));
    expect(files.map((file) => relative(repoRoot, file))).toEqual(
      expect.arrayContaining([
        'build/installer.nsh',
        'build/msi-project-created.mjs',
        'build/linux/after-install.sh',
        'build/pkg-scripts/postinstall',
        'build/managed/config.example.json',
      ]),
    );
    for (const file of [...files, join(repoRoot, 'electron-builder.yml')]) {
      const text = await readFile(file, 'utf8');
      const findings = findSecretShapes(text, [], { ignore: [QUIT_VERIFIER] });
      expect({ file: relative(repoRoot, file), findings }).toEqual({
        file: relative(repoRoot, file),
        findings: [],
      });
    }
  });

  it('every managed configuration in build/managed (the example, and a centre file if one is there) passes the schema', async () => {
    const dir = join(repoRoot, 'build', 'managed');
    const configs = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    expect(configs).toContain('config.example.json');
    for (const name of configs) {
      const parsed = managedConfigSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
      expect({ name, ok: parsed.success }).toEqual({ name, ok: true });
    }
  });

  it("the MSI's WiX additions carry no secret either", async () => {
    const { addManagedConfig } = (await import(
      pathToFileURL(join(repoRoot, 'build', 'msi-project-created.mjs')).href
    )) as { addManagedConfig(wxs: string, configPath: string | null): string };
    const template =
      '<Product><Directory Id="TARGETDIR" Name="SourceDir"></Directory><ComponentGroupRef Id="ProductComponents"/></Product>';
    expect(findSecretShapes(addManagedConfig(template, 'C:\\build\\managed\\config.json'))).toEqual([]);
  });
});

describe('what the renderer can see', () => {
  const SECRET_NAME = /secret|keyid|authorization|signature|credential|whsec|apikey|accountkey|token|password/i;
  /** Declared by the shared policy schema; the IPC handlers (main/app/ipc-handlers.ts) strip it before it reaches the renderer (scan 3). */
  const STRIPPED_AT_RUNTIME = new Set(['quitPasswordHash']);

  function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
    if (Array.isArray(schema)) schema.forEach((item) => propertyNames(item, into));
    else if (schema && typeof schema === 'object') {
      for (const [key, value] of Object.entries(schema)) {
        if (key === 'properties' && value && typeof value === 'object') Object.keys(value).forEach((n) => into.add(n));
        propertyNames(value, into);
      }
    }
    return into;
  }

  it('no response or event schema of the IPC contract has a field that could carry a key', () => {
    const schemas = [
      ...Object.values(ipcInvokeContract).map((channel) => channel.response),
      ...Object.values(ipcEventContract),
    ];
    const names = new Set<string>();
    for (const schema of schemas)
      propertyNames(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }), names);
    expect(names.size).toBeGreaterThan(20);
    expect([...names].filter((name) => SECRET_NAME.test(name) && !STRIPPED_AT_RUNTIME.has(name))).toEqual([]);
  });

  describe('every bridge answer and event of a whole session, over the real preview bridge', () => {
    let service: ClientTestService;
    let client: PreviewClient;
    let dataDir: string;
    const recorded: { what: string; text: string }[] = [];
    let events = '';
    let stopEvents: AbortController;

    const probe: SystemProbe = {
      os: async () => ({ platform: 'linux', distro: 'Debian GNU/Linux', release: '13', arch: 'x64' }),
      processes: async () => [{ pid: 10, name: 'bash' }],
      virtualMachineFacts: async () => ({
        virtualFlag: false,
        manufacturer: 'LENOVO',
        model: '20XW',
        biosVendor: 'LENOVO',
        macs: ['52:54:00:12:34:56'],
      }),
      displayCount: async () => 1,
      freeDiskBytes: async () => 5 * 1024 ** 3,
    };

    async function invoke(channel: InvokeChannel, payload?: unknown): Promise<unknown> {
      const response = await fetch(`${client.host.origin}/bridge/invoke/${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.host.token}`, 'content-type': 'application/json' },
        body: payload === undefined ? '' : encodeWire(payload),
      });
      const text = await response.text();
      recorded.push({ what: `${channel} → ${response.status}`, text });
      return JSON.parse(text) as unknown;
    }

    beforeAll(async () => {
      service = await startClientTestService({
        faceAnalyzer: {
          describe: async (images) => images.map(() => ({ faces: 1, embedding: [1, 0, 0] })),
          similarity: () => 0.93,
        },
      });
      dataDir = await mkdtemp(join(tmpdir(), 'vigil-secret-scan-'));
      client = await startPreviewClient({
        serviceUrl: service.baseUrl,
        dataDir,
        staticRoots: [dataDir],
        version: '1.0.0',
        probe,
        log: silentLogger,
        validateResponses: true,
      });
      stopEvents = new AbortController();
      const stream = await fetch(`${client.host.origin}/bridge/events`, {
        headers: { authorization: `Bearer ${client.host.token}` },
        signal: stopEvents.signal,
      });
      void (async () => {
        const decoder = new TextDecoder();
        try {
          for await (const chunk of stream.body!) events += decoder.decode(chunk as Uint8Array, { stream: true });
        } catch {
          // aborted at the end
        }
      })();
    });
    afterAll(async () => {
      stopEvents?.abort();
      await client?.close();
      await service?.dispose();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('carry no account or session secret, and no quit password hash', async () => {
      // The session's quit verifier reaches the main process once approved; it must go no further.
      const { launchCode } = await service.createSession({ policy: { requireIdCard: false, allowPreview: true } });
      const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 250, 0xff, 0xd9]);
      const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, ...new Array<number>(64).fill(7)]);
      const called = new Set<InvokeChannel>();
      const call = async (channel: InvokeChannel, payload?: unknown) => {
        called.add(channel);
        return invoke(channel, payload);
      };

      await call('app:info');
      await call('session:current');
      await call('session:launch', { launchCode: 'not-a-real-code' }); // a refusal is a payload too
      const launched = (await call('session:launch', { launchCode })) as { ok: boolean };
      expect(launched).toMatchObject({ ok: true });
      const credentials = client.deps.session.credentials();
      await call('session:status');
      await call('session:current');
      await call('checks:report-step', { flow: 'system', step: 'START', status: 'started', details: {} });
      await call('system:check');
      await call('identity:enroll', { snapshots: [jpeg] });
      await call('identity:verify', { kind: 'live', snapshots: [jpeg], clientSimilarity: 0.9, clientPassed: true });
      await call('incident:report', { type: 'FOCUS_LOST', details: { durationMs: 10 } });
      const begun = (await call('recording:begin', { kind: 'camera', mimeType: 'video/webm' })) as {
        value: { recordingId: string };
      };
      await call('recording:chunk', { recordingId: begun.value.recordingId, sequence: 0, data: webm });
      await call('recording:end', { recordingId: begun.value.recordingId });
      await call('upload:progress');
      await call('session:request-approval');
      await call('session:start');
      await call('exam:open');
      await call('exam:close');
      await call('lockdown:quit', { password: 'wrong' });
      await call('session:finish');
      await call('session:status');
      await client.deps.incidents.activeQueue?.flush();
      await new Promise((resolve) => setTimeout(resolve, 200)); // let the last events arrive

      expect([...called].sort()).toEqual([...INVOKE_CHANNELS].sort());
      expect(events).toContain('event: ');
      expect(credentials?.secretKey).toMatch(/^[0-9a-f]{64}$/);
      const known = [service.account.secretKey, credentials!.secretKey];
      for (const { what, text } of [...recorded, { what: 'events', text: events }]) {
        expect({ what, findings: findSecretShapes(text, known) }).toEqual({ what, findings: [] });
        expect(text).not.toContain('scrypt$');
      }
    });
  });
});
