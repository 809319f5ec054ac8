import { describe, expect, it } from 'vitest';
import {
  eventMac,
  launchResponseKey,
  macEquals,
  responseMac,
  responseStringToSign,
} from '../../shared/signing/response-mac';

// The known-answer vector printed in docs/service.md (checked there with openssl too).
const request = {
  method: 'GET',
  url: '/v1/client/session',
  date: 'Wed, 02 Dec 2026 09:00:00 GMT',
  nonce: 'q2x0pWm8Hn3bZ7yVtR5sKw',
};
const key = 'sk_example_session_secret_0123456789';
const body = '{"state":"joined","authScore":null}';

describe('response MAC (shared/signing/response-mac)', () => {
  it('matches the documented known-answer vector', () => {
    expect(responseStringToSign(request, 200, body)).toBe(
      'VIGIL-RESPONSE-V1\nGET\n/v1/client/session\nWed, 02 Dec 2026 09:00:00 GMT\nq2x0pWm8Hn3bZ7yVtR5sKw\n200\n' +
        '512bbc7681acbab15f1fbc779db0a018073afabf0eaba658c1616604e11071b7',
    );
    expect(responseMac(key, request, 200, body)).toBe('8HtYHIaF3Sd+uUDya3HAVYGDFMNEvU8DeWFLyRd6+k0=');
    expect(responseMac(key, request, 200, new TextEncoder().encode(body))).toBe(
      '8HtYHIaF3Sd+uUDya3HAVYGDFMNEvU8DeWFLyRd6+k0=',
    );
    // Both ends pass Node's native hash of the bytes instead: the same MAC.
    const sha256 = '512bbc7681acbab15f1fbc779db0a018073afabf0eaba658c1616604e11071b7';
    expect(responseMac(key, request, 200, { sha256 })).toBe('8HtYHIaF3Sd+uUDya3HAVYGDFMNEvU8DeWFLyRd6+k0=');
    expect(responseMac(key, request, 200, { sha256: sha256.toUpperCase() })).toBe(
      '8HtYHIaF3Sd+uUDya3HAVYGDFMNEvU8DeWFLyRd6+k0=',
    );
    const events = { ...request, url: '/v1/client/session/events' };
    expect(eventMac(key, events, 1, '{"type":"state","state":"joined","reason":null}')).toBe(
      'Re2VBY7UE2KtPzcEBA5UGrcjJudasw9W0iBXSRon+vc=',
    );
    expect(launchResponseKey('EXAMPLE-LAUNCH-CODE-0001')).toBe('U5a5POyBJWNtmjcsgx7+yqDD3xvbsrbwju56PkYpVTc=');
    expect(launchResponseKey('  EXAMPLE-LAUNCH-CODE-0001 ')).toBe(launchResponseKey('EXAMPLE-LAUNCH-CODE-0001'));
  });

  it('names the request: the client’s full URL and the service’s path agree, anything else changes the MAC', () => {
    const expected = responseMac(key, request, 200, body);
    expect(responseMac(key, { ...request, url: 'http://127.0.0.1:8080/v1/client/session' }, 200, body)).toBe(expected);
    const variants = [
      responseMac(key, { ...request, method: 'POST' }, 200, body),
      responseMac(key, { ...request, url: '/v1/client/session/heartbeat' }, 200, body),
      responseMac(key, { ...request, date: 'Wed, 02 Dec 2026 09:00:01 GMT' }, 200, body),
      responseMac(key, { ...request, nonce: 'q2x0pWm8Hn3bZ7yVtR5sKx' }, 200, body),
      responseMac(key, request, 409, body),
      responseMac(key, request, 200, body.replace('joined', 'started')),
      responseMac(`${key}x`, request, 200, body),
      eventMac(key, request, 200, body),
    ];
    expect(new Set([expected, ...variants]).size).toBe(variants.length + 1);
  });

  it('compares MACs whole', () => {
    const mac = responseMac(key, request, 200, body);
    expect(macEquals(mac, mac)).toBe(true);
    expect(macEquals(mac, `${mac.slice(0, -2)}A=`)).toBe(false);
    expect(macEquals(mac, mac.slice(0, -1))).toBe(false);
    expect(macEquals(mac, undefined)).toBe(false);
    expect(macEquals(mac, '')).toBe(false);
  });
});
