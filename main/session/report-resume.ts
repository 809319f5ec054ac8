/**
 * SESSION_RESUMED: a client that takes up a stored session after a crash or restart says so, with
 * how long it was gone (from the service's last heartbeat to its answer now, both on its clock), so
 * the gap in the recordings and heartbeats has an explanation on the record.
 */
import { TERMINAL_STATES } from '../../shared/session-states';
import type { SessionSummary } from '../../shared/ipc/contract';
import type { IncidentReporter } from '../incidents/incident-reporter';
import type { ResumeGap } from './session-controller';

export async function reportSessionResumed(
  incidents: Pick<IncidentReporter, 'report'>,
  resumed: SessionSummary,
  gap: ResumeGap | null,
): Promise<boolean> {
  if (TERMINAL_STATES.includes(resumed.state)) return false;
  await incidents.report({
    type: 'SESSION_RESUMED',
    details: { state: resumed.state, lastHeartbeatAt: gap?.lastHeartbeatAt ?? null, goneForMs: gap?.goneForMs ?? null },
  });
  return true;
}
