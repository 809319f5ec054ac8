/**
 * The browser preview's main process, in plain Node: the same setup and handlers as the desktop
 * client (main/app/client-setup.ts) behind the preview bridge host, serving the built
 * renderer. `npm start` uses it where the Electron binary is missing, and the journey test uses it
 * as the client. Not locked down: the session is launched as `preview`, the renderer says so on
 * screen, and a policy with `allowPreview: false` refuses it.
 */
import { setUpClient } from '../app/client-setup';
import type { NodeDeps } from '../app/composition-root';
import { createHandlers } from '../app/ipc-handlers';
import type { EventEmitterFn } from '../core/ports';
import { consoleLogger, type Logger } from '../logger';
import type { RecordingsRuntime } from '../recordings/recordings-runtime';
import type { SystemProbe } from '../system/system-probe';
import { startBridgeHost, type BridgeHost } from './bridge-host';

export interface PreviewClientOptions {
  serviceUrl: string;
  /** Incident journals and the recordings spool live here. */
  dataDir: string;
  /** The built renderer first, then assets/ (as the app:// protocol searches them). */
  staticRoots: readonly string[];
  version: string;
  /** Pre-filled on the launch screen (the demo's code under `npm start`). */
  launchCode?: string | null;
  /** Origins the exam page may come from, besides the service's own (where the demo exam lives). */
  examOrigins?: readonly string[];
  port?: number;
  token?: string;
  probe?: SystemProbe;
  log?: Logger;
  /** Check every handler response against the IPC contract (tests). */
  validateResponses?: boolean;
}

export interface PreviewClient {
  host: BridgeHost;
  deps: NodeDeps;
  recordings: RecordingsRuntime;
  /** The page to open (the bridge token travels in its fragment). */
  entryUrl: string;
  close(): Promise<void>;
}

export async function startPreviewClient(options: PreviewClientOptions): Promise<PreviewClient> {
  const log = options.log ?? consoleLogger;
  let forward: EventEmitterFn | null = null;
  const emit: EventEmitterFn = (channel, payload) => forward?.(channel, payload);
  // There is no safeStorage in plain Node: the session's keys stay in memory (docs/recordings.md).
  const client = await setUpClient({
    safeStorage: null,
    serviceUrl: options.serviceUrl,
    dataDir: options.dataDir,
    version: options.version,
    kind: 'preview',
    emit,
    log,
    pendingLaunchCode: () => options.launchCode ?? null,
    ...(options.probe ? { probe: options.probe } : {}),
  });
  const { deps, recordings } = client;
  let host: BridgeHost;
  try {
    host = await startBridgeHost({
      handlers: createHandlers(deps),
      staticRoots: options.staticRoots,
      log,
      frameOrigins: [new URL(options.serviceUrl).origin, ...(options.examOrigins ?? [])],
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token ? { token: options.token } : {}),
      ...(options.validateResponses ? { validateResponses: true } : {}),
    });
  } catch (error) {
    await client.close();
    throw error;
  }
  forward = host.emit;
  return {
    host,
    deps,
    recordings,
    entryUrl: host.entryUrl,
    async close() {
      await host.close();
      await client.close();
    },
  };
}
