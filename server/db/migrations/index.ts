/** Every migration in order. Add a new `NNNN-name.ts` beside these and list it here; never edit a released one. */
import { initialMigration } from './0001-initial';
import { recordingsMigration } from './0002-recordings';
import { crashConsistencyMigration } from './0003-crash-consistency';
import { signingHardeningMigration } from './0004-signing-hardening';
import { sessionLifecycleMigration } from './0005-session-lifecycle';
import { staffConsoleMigration } from './0006-staff-console';
import type { VigilMigration } from './migration';

export const migrations: readonly VigilMigration[] = [
  initialMigration,
  recordingsMigration,
  crashConsistencyMigration,
  signingHardeningMigration,
  sessionLifecycleMigration,
  staffConsoleMigration,
];
