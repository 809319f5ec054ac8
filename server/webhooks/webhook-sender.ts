/**
 * One webhook attempt over HTTP: the payload with a fresh `timestamp`, signed twice — ExamUnit's
 * `X-Signature` over the body, and Standard Webhooks' `webhook-signature` over the delivery id, the
 * attempt's time and the body — no redirects followed.
 * node:http rather than fetch, for its `lookup`: the address connected to is the one webhook-target
 * checked (no loopback, private or link-local targets, whatever the name resolves to by then).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WebhookPayload } from '../../shared/api/webhooks';
import { WEBHOOK_EVENT_HEADER, standardWebhookHeaders } from '../../shared/signing/standard-webhooks';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../shared/signing/webhook-signature';
import type { StoredWebhookPayload } from '../services/incident-service';
import { guardedLookup, refusedLiteralTarget } from './webhook-target';

export const DELIVERY_ID_HEADER = 'x-vigil-delivery-id';
export const ATTEMPT_HEADER = 'x-vigil-attempt';

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
}

export interface SendWebhookInput {
  url: string;
  /** The outbox row's id: the same on every attempt, sent as `webhook-id` and X-Vigil-Delivery-Id. */
  deliveryId: string;
  attempt: number;
  payload: StoredWebhookPayload;
  secretKey: string;
  /** This attempt's time: the body's `timestamp` and `webhook-timestamp`. */
  timestamp: Date;
  timeoutMs: number;
}

export function webhookBody(payload: StoredWebhookPayload, timestamp: Date): string {
  const body: WebhookPayload = { timestamp: timestamp.toISOString(), ...payload };
  return JSON.stringify(body);
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500);
}

export async function sendWebhook(input: SendWebhookInput): Promise<AttemptResult> {
  const body = webhookBody(input.payload, input.timestamp);
  let url: URL;
  try {
    url = new URL(input.url);
  } catch (error) {
    return { statusCode: null, error: describe(error) };
  }
  const refused = refusedLiteralTarget(url);
  if (refused) return { statusCode: null, error: refused };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    const request = send(
      url,
      {
        method: 'POST',
        lookup: guardedLookup,
        signal: AbortSignal.timeout(input.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Vigil-Webhooks/1',
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(input.secretKey, body),
          // webhook-id (signed) lets a receiver drop the rare duplicate (a crash after its 2xx, before we recorded it).
          ...standardWebhookHeaders([input.secretKey], {
            id: input.deliveryId,
            timestampSeconds: Math.floor(input.timestamp.getTime() / 1000),
            body,
          }),
          ...(input.payload.incidentType ? { [WEBHOOK_EVENT_HEADER]: input.payload.incidentType } : {}),
          [DELIVERY_ID_HEADER]: input.deliveryId,
          [ATTEMPT_HEADER]: String(input.attempt),
        },
      },
      (response: IncomingMessage) => {
        // Read and discard the answer so the connection is released.
        response.resume();
        // The status is the answer, even if its body is cut short (the first of these wins).
        const answered = () => resolve({ statusCode: response.statusCode ?? null, error: null });
        response.on('end', answered).on('error', answered).on('close', answered);
      },
    );
    request.on('error', (error) => resolve({ statusCode: null, error: describe(error) }));
    request.end(body);
  });
}
