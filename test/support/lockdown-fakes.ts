/** Small fakes for the lockdown's tests: an incident sink that records, and manual timers. */
import type { IncidentSink } from '../../main/incidents/incident-reporter';
import type { ClientIncidentType } from '../../shared/incidents';

export interface RaisedIncident {
  type: ClientIncidentType;
  details: Record<string, unknown>;
  message: string;
}

export function recordingSink(): IncidentSink & { raised: RaisedIncident[] } {
  const raised: RaisedIncident[] = [];
  return { raised, raise: (type, details, message) => void raised.push({ type, details, message }) };
}

/** setInterval/clearInterval whose ticks a test fires by hand. */
export function manualTimers() {
  const intervals = new Map<number, () => void>();
  let next = 1;
  const timers = {
    setInterval: ((callback: () => void) => {
      const id = next++;
      intervals.set(id, callback);
      return id as unknown as NodeJS.Timeout;
    }) as unknown as typeof setInterval,
    clearInterval: ((id: number) => void intervals.delete(id)) as unknown as typeof clearInterval,
  };
  return {
    timers,
    get active() {
      return intervals.size;
    },
    tick() {
      for (const callback of [...intervals.values()]) callback();
    },
  };
}
