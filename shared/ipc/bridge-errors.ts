/**
 * Every code a failed invoke can reject with, declared once: the main process throws only these
 * (main/core/bridge-error.ts), the renderer compares against these. The service's own codes pass
 * through as they are (main/api/api-error.ts), so they are part of the set.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../api/errors';

/** Codes the client raises itself, besides the service's. */
export const CLIENT_ERROR_CODES = [
  // The transports (main/ipc/, the preview's bridge host, the renderer's HTTP bridge).
  'unavailable',
  'too_large',
  // Talking to the service (main/api/).
  'network_unavailable',
  'bad_response',
  'tampered_response',
  // The session and its recordings.
  'no_session',
  'unknown_recording',
  'recording_out_of_order',
  'recording_ended',
  'recording_data_lost',
  'recording_corrupt',
  'recording_no_key',
  'disk_full',
  // The lockdown's steps refusing to start the exam.
  'lockdown_failed',
  'integrity',
  'prohibited_process',
  'virtual_machine',
  'too_many_displays',
] as const;

export const bridgeErrorCodeSchema = z.enum([...ERROR_CODES, ...CLIENT_ERROR_CODES]);
export type BridgeErrorCode = z.infer<typeof bridgeErrorCodeSchema>;

/** The preview's HTTP bridge's own refusals before any handler ran (`http_401`…). */
export const httpBridgeErrorCodeSchema = z.templateLiteral(['http_', z.number()]);

/** The error shape a failed invoke rejects with, so the renderer can show a readable message. */
export const ipcErrorSchema = z.object({
  code: z.union([bridgeErrorCodeSchema, httpBridgeErrorCodeSchema]),
  message: z.string(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;
