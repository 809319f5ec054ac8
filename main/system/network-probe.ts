/**
 * Latency and upload speed to the exam service, measured before the exam so a candidate on a
 * connection too slow to upload recordings learns it before starting, not after.
 */
import { randomBytes } from 'node:crypto';
import { apiRoutes } from '../../shared/api/routes';
import type { ApiClient } from '../api/api-client';

export interface NetworkMeasurement {
  latencyMs: number | null;
  uploadBytesPerSecond: number | null;
  online: boolean;
}

export const UPLOAD_PROBE_BYTES = 512 * 1024;

export async function measureNetwork(
  api: ApiClient,
  options: { samples?: number; uploadBytes?: number; now?: () => number } = {},
): Promise<NetworkMeasurement> {
  const now = options.now ?? (() => performance.now());
  const latencies: number[] = [];
  for (let i = 0; i < (options.samples ?? 3); i += 1) {
    const started = now();
    try {
      // Any HTTP answer is a round trip; /healthz needs no key and is answered from memory and one trivial query.
      await api.http.request({
        method: apiRoutes.health.method.toLowerCase(),
        url: apiRoutes.health.path,
        vigil: { auth: 'none', retries: 0 },
        validateStatus: () => true,
      });
      latencies.push(now() - started);
    } catch {
      return { latencyMs: null, uploadBytesPerSecond: null, online: false };
    }
  }
  latencies.sort((a, b) => a - b);
  const latencyMs = Math.round(latencies[Math.floor(latencies.length / 2)]!);

  let uploadBytesPerSecond: number | null = null;
  if (api.hasSessionKey) {
    const body = randomBytes(options.uploadBytes ?? UPLOAD_PROBE_BYTES);
    const started = now();
    try {
      // The service discards what is posted and answers 2xx; older services answer 404 and the speed stays unknown.
      const response = await api.http.request({
        method: apiRoutes.networkProbe.method.toLowerCase(),
        url: apiRoutes.networkProbe.path,
        data: body,
        headers: { 'content-type': 'application/octet-stream' },
        vigil: { auth: 'session', retries: 0 },
        validateStatus: () => true,
      });
      const seconds = Math.max((now() - started - latencyMs) / 1000, 0.001);
      if (response.status >= 200 && response.status < 300) uploadBytesPerSecond = Math.round(body.byteLength / seconds);
    } catch {
      // Unknown speed: the latency already says whether the service is reachable.
    }
  }
  return { latencyMs, uploadBytesPerSecond, online: true };
}
