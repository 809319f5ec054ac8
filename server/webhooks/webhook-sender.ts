/** One webhook attempt over HTTP: the payload with a fresh `timestamp`, signed, no redirects followed. */
import type { WebhookPayload } from '../../shared/api/webhooks';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../shared/signing/webhook-signature';
import type { StoredWebhookPayload } from '../services/incident-service';

export const DELIVERY_ID_HEADER = 'x-vigil-delivery-id';
export const ATTEMPT_HEADER = 'x-vigil-attempt';

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
}

export interface SendWebhookInput {
  url: string;
  deliveryId: string;
  attempt: number;
  payload: StoredWebhookPayload;
  secretKey: string;
  timestamp: Date;
  timeoutMs: number;
}

export function webhookBody(payload: StoredWebhookPayload, timestamp: Date): string {
  const body: WebhookPayload = { timestamp: timestamp.toISOString(), ...payload };
  return JSON.stringify(body);
}

export async function sendWebhook(input: SendWebhookInput): Promise<AttemptResult> {
  const body = webhookBody(input.payload, input.timestamp);
  try {
    const response = await fetch(input.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Vigil-Webhooks/1',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(input.secretKey, body),
        // Lets a receiver drop the rare duplicate (a crash after its 2xx, before we recorded it).
        [DELIVERY_ID_HEADER]: input.deliveryId,
        [ATTEMPT_HEADER]: String(input.attempt),
      },
    });
    // Read and discard the answer so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    return { statusCode: response.status, error: null };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      statusCode: null,
      error: `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500),
    };
  }
}
