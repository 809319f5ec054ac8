/**
 * JSON encoding for the preview's HTTP bridge: Uint8Array values travel as `{"$bytes": "<base64>"}`.
 * (Electron's IPC uses structured clone and needs none of this.)
 */
import { base64 } from '@scure/base';

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: base64.encode(v) } : v));
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const bytes = (v as { $bytes?: unknown }).$bytes;
      if (keys.length === 1 && typeof bytes === 'string') return base64.decode(bytes);
    }
    return v;
  });
}
