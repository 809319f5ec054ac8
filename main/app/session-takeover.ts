/**
 * What follows every session this client takes up, written once: a launched one (`session:launch`)
 * and one resumed after a crash (main/index.ts at start-up). Its incident journal opens, then the
 * event stream and the heartbeat start (`onLaunched`).
 */
import type { SessionSummary } from '../../shared/ipc/contract';
import { TERMINAL_STATES } from '../../shared/session-states';
import type { LockdownPort } from '../core/ports';
import type { SessionKey } from '../keyring/session-key';
import { reportSessionResumed } from '../session/report-resume';
import type { HandlerDeps } from './ipc-handlers';

type TakeoverDeps = Pick<HandlerDeps, 'session' | 'incidents' | 'onLaunched'>;

/** A session just launched with a launch code. */
export async function takeUpLaunchedSession(deps: TakeoverDeps, summary: SessionSummary): Promise<void> {
  await deps.incidents.openSession(summary.sessionId);
  await deps.onLaunched?.(summary);
}

/**
 * A session whose key a previous run kept for crash recovery: the service says where it stands, the
 * gap is reported (SESSION_RESUMED), and the lockdown comes back if the exam was running. A session
 * that has ended meanwhile is forgotten (`forgetKept`). Throws when the service refuses the key.
 */
export async function takeUpResumedSession(
  deps: TakeoverDeps & { lockdown?: LockdownPort; forgetKept(): Promise<unknown> },
  kept: SessionKey,
): Promise<SessionSummary> {
  const resumed = await deps.session.resume(kept);
  await deps.incidents.openSession(resumed.sessionId);
  await reportSessionResumed(deps.incidents, resumed, deps.session.lastResumeGap());
  await deps.onLaunched?.(resumed);
  if (resumed.state === 'started') await deps.lockdown?.engage(resumed);
  if (TERMINAL_STATES.includes(resumed.state)) await deps.forgetKept();
  return resumed;
}
