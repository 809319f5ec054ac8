/**
 * How the recordings plug into createNodeDeps (main/index.ts and the preview host):
 *
 *   const runtime = await resumePendingUploads({ spoolDirectory: join(userData, 'spool'), safeStorage, log });
 *   const wiring = wireRecordings(runtime, { serviceUrl, persistCredentials: keepForCrashRecovery, log });
 *   createNodeDeps({ ..., persistCredentials: wiring.persistCredentials, recordings: wiring.recordings });
 *   // a session resumed from the credentials vault: wiring.useCredentials(credentials)
 *
 * The session key reaches the recordings through the same hook that keeps it for crash recovery,
 * so the recordings never need the API client to give its key away.
 */
import type { NodeDepsContext } from '../app/composition-root';
import type { RecordingsPort } from '../core/ports';
import type { Logger } from '../logger';
import type { SessionCredentials } from '../session/session-controller';
import { createRecordingsPort, type DisposableRecordingsPort } from './recordings-port';
import type { RecordingsRuntime } from './recordings-runtime';

export interface RecordingsWiring {
  /** createNodeDeps's `recordings` option. */
  recordings: (context: NodeDepsContext) => RecordingsPort;
  /** createNodeDeps's `persistCredentials` option: remembers the key, then calls the one given here. */
  persistCredentials: (credentials: SessionCredentials | null) => Promise<void>;
  /** For a session resumed without a launch (SessionController.resume). */
  useCredentials(credentials: SessionCredentials | null): void;
  dispose(): void;
}

export function wireRecordings(
  runtime: RecordingsRuntime,
  options: {
    serviceUrl: string;
    persistCredentials?: (credentials: SessionCredentials | null) => Promise<void>;
    log: Logger;
  },
): RecordingsWiring {
  let credentials: SessionCredentials | null = null;
  let port: DisposableRecordingsPort | null = null;
  return {
    recordings: (context) => {
      port = createRecordingsPort(runtime, {
        credentials: () => (credentials ? { ...credentials, serviceUrl: options.serviceUrl } : null),
        policy: () => context.session.current()?.policy ?? null,
        emit: context.emit,
        reportIncident: (type, details) => context.incidents.report({ type, details }),
        log: options.log,
      });
      return port;
    },
    async persistCredentials(next) {
      credentials = next;
      await options.persistCredentials?.(next);
    },
    useCredentials(next) {
      credentials = next;
    },
    dispose() {
      port?.dispose();
    },
  };
}
