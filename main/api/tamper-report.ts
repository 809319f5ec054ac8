/**
 * A refused answer (response-mac-interceptor) becomes a TAMPERED_RESPONSE incident. It goes through
 * the session's durable incident queue, whose own answers are MAC-checked too: a proxy that keeps
 * rewriting cannot make the client believe the report was dropped, it stays queued and is re-sent
 * (the service stores each clientId once) as soon as an answer gets through untouched.
 */
import { randomUUID } from 'node:crypto';
import type { ClientIncident } from '../../shared/api/client';
import type { IncidentSink } from '../incidents/incident-reporter';
import type { Logger } from '../logger';
import type { ApiClient } from './api-client';
import type { TamperedResponse } from './response-mac-interceptor';

export function tamperedDetails(report: TamperedResponse): Record<string, unknown> {
  return { method: report.method, path: report.path, status: report.status, reason: report.reason };
}

export function tamperedIncident(report: TamperedResponse): ClientIncident {
  return {
    clientId: randomUUID(),
    type: 'TAMPERED_RESPONSE',
    occurredAt: new Date().toISOString(),
    details: tamperedDetails(report),
  };
}

/** Wires the API client's refusals to the incident sink (the launch's are reported by ApiClient.launch). */
export function reportTamperedResponses(
  api: ApiClient,
  incidents: IncidentSink & { activeQueue: unknown },
  log: Logger,
): () => void {
  return api.onTamperedResponse((report) => {
    if (report.refusedLaunch !== undefined) return;
    log.warn('refused an answer from the exam service whose MAC does not verify', tamperedDetails(report));
    const message = `The exam service's answer to ${report.method} ${report.path} was altered on its way here and was refused.`;
    if (incidents.activeQueue) {
      incidents.raise('TAMPERED_RESPONSE', tamperedDetails(report), message);
      return;
    }
    // No session queue yet (a resume's first call): straight to the service, best effort.
    void api.postIncidents([tamperedIncident(report)], { retries: 0 }).catch(() => undefined);
  });
}
