/**
 * Who holds a lease on background work (a webhook delivery, a seekable copy): `host:pid:random`.
 * Leases are short and renewed while the work runs, so a dead holder's work is taken over once its
 * lease lapses. A holder on this very host whose process is gone (the service restarted) is known
 * dead at once, so a restarted instance does not wait for its predecessor's leases to lapse.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** True only when `workerId` names a process on this host that no longer runs. */
export function isDeadLocalWorker(workerId: string, ownWorkerId: string): boolean {
  const [host, pidText] = workerId.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || workerId === ownWorkerId) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the pid runs under another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
