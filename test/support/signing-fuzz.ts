/**
 * The signed-request fuzz, shared by its test (test/server/auth/signing-fuzz.test.ts) and `npm run bench`:
 * fast-check draws genuine signed institution requests (V2, and V1 on an account that allows it), every
 * mutation below is sent to the real service (in-process `app.inject`, the full Fastify pipeline and the
 * database) before the genuine request, and only the genuine request may be accepted. Sending the
 * mutations first matters: a mutation that verified would be accepted, since its nonce is still unused.
 *
 * V1 is StartExam's scheme, which signs only the method, the lowercased path, the Date and the body's
 * length: its query, Host, body bytes and path case are not signed, so those mutations are V1's
 * documented limits, not fuzzed. Re-spellings of the same query pairs (order, %XX of an unreserved
 * character, hex digit case) are the same canonical request by design and are not mutations either.
 * `app.inject` normalises dot segments, keeps the first of duplicated headers and fills in a missing
 * or empty Host, so those alterations are tested over real HTTP (signed-request-replay.test.ts,
 * verify-signed-request.test.ts) instead.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import {
  CONTENT_SHA256_HEADER,
  NONCE_HEADER,
  createNonce,
  formatAuthorization,
  parseAuthorization,
  sha256Hex,
  signRequestHeaders,
  type SigningScheme,
} from '../../shared/signing/shared-key';

export interface FuzzKeys {
  /** SharedKeyV2-only account and one of its exams. */
  v2: { keyId: number; secretKey: string; examId: string };
  /** An account that allows V1, and one of its exams. */
  v1: { keyId: number; secretKey: string; examId: string };
  /** Some other key id that exists (a session key), for key-id swaps. */
  otherKeyId: string;
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface FuzzReport {
  originals: number;
  mutations: number;
  /** Mutations the service accepted (2xx): must be 0. */
  acceptedMutations: { mutation: string; request: WireRequest; status: number }[];
  /** Originals the service did not accept: must be 0. */
  refusedOriginals: { request: WireRequest; status: number; body: string }[];
  /** How the mutations were refused: `status code` → count. */
  refusals: Record<string, number>;
  /** Mutation kinds sent → count. */
  kinds: Record<string, number>;
  elapsedMs: number;
}

const HOST = 'localhost:80';
const JSON_TYPE = 'application/json';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Draw {
  template: 'v2-get-query' | 'v2-get-exam' | 'v2-post-exam' | 'v1-get-exam' | 'v1-post-exam';
  title: string;
  queryValue: string;
  pick: number;
}

const drawArbitrary: fc.Arbitrary<Draw> = fc.record({
  template: fc.constantFrom('v2-get-query', 'v2-get-exam', 'v2-post-exam', 'v1-get-exam', 'v1-post-exam'),
  // Any text, emoji and quotes included: the body is JSON, the query value percent-encoded.
  title: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((text) => text.trim().length > 0),
  queryValue: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
  pick: fc.nat(),
});

type Mutation = { kind: string; apply(request: WireRequest): WireRequest };

const clone = (request: WireRequest): WireRequest => ({
  ...request,
  headers: { ...request.headers },
  body: Buffer.from(request.body),
});

function withHeader(name: string, value: string | string[] | undefined): Mutation['apply'] {
  return (request) => {
    const next = clone(request);
    if (value === undefined) delete next.headers[name];
    else next.headers[name] = value;
    return next;
  };
}

function splitUrl(url: string): { path: string; query: string } {
  const question = url.indexOf('?');
  return question < 0 ? { path: url, query: '' } : { path: url.slice(0, question), query: url.slice(question + 1) };
}

function withUrl(transform: (parts: { path: string; query: string }) => string): Mutation['apply'] {
  return (request) => ({ ...clone(request), url: transform(splitUrl(request.url)) });
}

function withAuthorization(transform: (scheme: SigningScheme, keyId: string, signature: string) => string) {
  return (request: WireRequest): WireRequest => {
    const parsed = parseAuthorization(String(request.headers.authorization))!;
    return withHeader('authorization', transform(parsed.scheme, parsed.keyId, parsed.signature))(request);
  };
}

/** The body changed, with a matching content hash (an attacker can compute that, but not the signature). */
function withBody(transform: (body: Buffer) => Buffer, rehash: boolean): Mutation['apply'] {
  return (request) => {
    const next = clone(request);
    next.body = transform(next.body);
    if (rehash && next.headers[CONTENT_SHA256_HEADER]) next.headers[CONTENT_SHA256_HEADER] = sha256Hex(next.body);
    return next;
  };
}

function mutationsFor(request: WireRequest, scheme: SigningScheme, keys: FuzzKeys, pick: number): Mutation[] {
  const v2 = scheme === 'SharedKeyV2';
  const date = String(request.headers.date);
  const sentAt = Date.parse(date);
  const otherAccount = String(v2 ? keys.v1.keyId : keys.v2.keyId);
  const list: Mutation[] = [
    // The method and the path.
    { kind: 'method', apply: (r) => ({ ...clone(r), method: r.method === 'GET' ? 'POST' : 'PUT' }) },
    { kind: 'method-other', apply: (r) => ({ ...clone(r), method: r.method === 'GET' ? 'DELETE' : 'PATCH' }) },
    { kind: 'path-append', apply: withUrl(({ path, query }) => `${path}x${query ? `?${query}` : ''}`) },
    { kind: 'path-trailing-slash', apply: withUrl(({ path, query }) => `${path}/${query ? `?${query}` : ''}`) },
    { kind: 'path-double-slash', apply: withUrl(({ path, query }) => `/${path}${query ? `?${query}` : ''}`) },
    {
      kind: 'path-percent-encoded',
      apply: withUrl(({ path, query }) => `${path.replace('v1', '%76%31')}${query ? `?${query}` : ''}`),
    },
    {
      kind: 'path-other-id',
      apply: withUrl(
        ({ path, query }) => `${path.replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0'))}${query ? `?${query}` : ''}`,
      ),
    },
    // The Date.
    { kind: 'date-plus-1s', apply: withHeader('date', new Date(sentAt + 1000).toUTCString()) },
    { kind: 'date-minus-1s', apply: withHeader('date', new Date(sentAt - 1000).toUTCString()) },
    { kind: 'date-iso-same-instant', apply: withHeader('date', new Date(sentAt).toISOString()) },
    { kind: 'date-lowercase', apply: withHeader('date', date.toLowerCase()) },
    { kind: 'date-missing', apply: withHeader('date', undefined) },
    { kind: 'date-duplicated', apply: withHeader('date', [date, date]) },
    // The body's length (V1 signs it; V2 too, and its hash).
    { kind: 'body-append-byte', apply: withBody((body) => Buffer.concat([body, Buffer.from(' ')]), true) },
    { kind: 'body-truncate', apply: withBody((body) => body.subarray(0, Math.max(0, body.byteLength - 1)), true) },
    // The Authorization header: signature, its encoding, the key id, the scheme.
    {
      kind: 'signature-bit-flip',
      apply: withAuthorization((s, k, signature) => {
        const bytes = Buffer.from(signature, 'base64');
        bytes[pick % 32]! ^= 1 << (pick % 8);
        return formatAuthorization(s, k, bytes.toString('base64'));
      }),
    },
    {
      kind: 'signature-respelled-base64',
      apply: withAuthorization((s, k, signature) => {
        const last = signature.at(-2)!;
        const spelled =
          BASE64[(BASE64.indexOf(last) & ~0b11) | (((BASE64.indexOf(last) & 0b11) + 1 + (pick % 3)) & 0b11)]!;
        return formatAuthorization(s, k, `${signature.slice(0, -2)}${spelled}=`);
      }),
    },
    {
      kind: 'signature-base64url',
      apply: withAuthorization((s, k, signature) => `${s} ${k}:${signature.replace(/\+/g, '-').replace(/\//g, '_')}`),
    },
    {
      kind: 'signature-unpadded',
      apply: withAuthorization((s, k, signature) => `${s} ${k}:${signature.slice(0, -1)}`),
    },
    {
      kind: 'key-other-account',
      apply: withAuthorization((s, _k, signature) => formatAuthorization(s, otherAccount, signature)),
    },
    {
      kind: 'key-session',
      apply: withAuthorization((s, _k, signature) => formatAuthorization(s, keys.otherKeyId, signature)),
    },
    {
      kind: 'key-leading-zero',
      apply: withAuthorization((s, k, signature) => formatAuthorization(s, `0${k}`, signature)),
    },
    {
      kind: 'key-plus-one',
      apply: withAuthorization((s, k, signature) => formatAuthorization(s, String(Number(k) + 1), signature)),
    },
    {
      kind: 'scheme-swapped',
      apply: withAuthorization((s, k, signature) =>
        formatAuthorization(s === 'SharedKey' ? 'SharedKeyV2' : 'SharedKey', k, signature),
      ),
    },
    { kind: 'scheme-lowercase', apply: withAuthorization((s, k, signature) => `${s.toLowerCase()} ${k}:${signature}`) },
    { kind: 'scheme-bearer', apply: withAuthorization((_s, k, signature) => `Bearer ${k}:${signature}`) },
    { kind: 'authorization-missing', apply: withHeader('authorization', undefined) },
  ];
  if (!v2) return list;
  const nonce = String(request.headers[NONCE_HEADER]);
  const hash = String(request.headers[CONTENT_SHA256_HEADER]);
  list.push(
    // The query: every change here changes the decoded pairs the route would read.
    { kind: 'query-added', apply: withUrl(({ path, query }) => `${path}?${query ? `${query}&` : ''}extra=1`) },
    { kind: 'query-dropped', apply: withUrl(({ path }) => path) },
    { kind: 'query-duplicated', apply: withUrl(({ path, query }) => `${path}?${query}&${query || 'a=1'}`) },
    {
      kind: 'query-value-changed',
      apply: withUrl(({ path, query }) => `${path}?${query ? query.replace(/=([^&]*)/, '=$1z') : 'z=1'}`),
    },
    // `+` is a space to the service's parser: `a%2Bb` and `a+b` are different values.
    // Only where there is a query: `/x?` is `/x` to the service (such a no-op is dropped as the original).
    {
      kind: 'query-%2B-as-plus',
      apply: withUrl(({ path, query }) => (query ? `${path}?${query.replace('a%2Bb', 'a+b')}` : path)),
    },
    // A key's letter, never a %XX hex digit (whose case does not change the value).
    {
      kind: 'query-key-case',
      apply: withUrl(({ path, query }) =>
        query ? `${path}?${query.replace(/^[a-z]/, (c) => c.toUpperCase())}` : path,
      ),
    },
    // The Host.
    { kind: 'host-other', apply: withHeader('host', 'exams.example.org') },
    { kind: 'host-port', apply: withHeader('host', 'localhost:8080') },
    { kind: 'host-case', apply: withHeader('host', 'LocalHost:80') },
    // The body with a recomputed hash, and the hash header itself.
    {
      kind: 'body-byte-changed',
      apply: withBody((body) => {
        const next = body.byteLength > 0 ? Buffer.from(body) : Buffer.from('{}');
        next[pick % next.byteLength] = next[pick % next.byteLength]! ^ 0x20;
        return next;
      }, true),
    },
    {
      kind: 'body-same-length-stale-hash',
      apply: withBody((body) => Buffer.from(body.toString('latin1').split('').reverse().join(''), 'latin1'), false),
    },
    { kind: 'content-sha256-uppercase', apply: withHeader(CONTENT_SHA256_HEADER, hash.toUpperCase()) },
    { kind: 'content-sha256-other', apply: withHeader(CONTENT_SHA256_HEADER, sha256Hex(`${pick}`)) },
    { kind: 'content-sha256-missing', apply: withHeader(CONTENT_SHA256_HEADER, undefined) },
    // The nonce.
    {
      kind: 'nonce-changed',
      apply: withHeader(NONCE_HEADER, `${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}`),
    },
    { kind: 'nonce-fresh', apply: withHeader(NONCE_HEADER, createNonce()) },
    { kind: 'nonce-truncated', apply: withHeader(NONCE_HEADER, nonce.slice(0, 21)) },
    { kind: 'nonce-missing', apply: withHeader(NONCE_HEADER, undefined) },
    { kind: 'nonce-padded', apply: withHeader(NONCE_HEADER, `${nonce}=`) },
  );
  return list;
}

function buildOriginal(
  draw: Draw,
  keys: FuzzKeys,
  now: Date,
  v1Second: number,
): { request: WireRequest; scheme: SigningScheme } {
  const v2 = draw.template.startsWith('v2');
  const key = v2 ? keys.v2 : keys.v1;
  const post = draw.template.endsWith('post-exam');
  let url: string;
  if (draw.template === 'v2-get-query') {
    url = `/v1/webhooks?view=${encodeURIComponent(draw.queryValue)}&op=a%2Bb&n=${draw.pick % 1000}`;
  } else if (post) url = v2 ? `/v1/exams?source=${encodeURIComponent(draw.queryValue)}` : '/v1/exams';
  else url = `/v1/exams/${key.examId}`;
  const body = post
    ? Buffer.from(JSON.stringify({ title: draw.title, durationMinutes: 1 + (draw.pick % 300), policy: {} }))
    : Buffer.alloc(0);
  const scheme: SigningScheme = v2 ? 'SharedKeyV2' : 'SharedKey';
  // A V1 signature is single-use per Date second: every V1 original gets its own second.
  const at = v2 ? now : new Date(Math.floor(now.getTime() / 1000) * 1000 - v1Second * 1000);
  const signed = signRequestHeaders({
    scheme,
    keyId: key.keyId,
    secretKey: key.secretKey,
    method: post ? 'POST' : 'GET',
    url,
    host: HOST,
    body,
    now: at,
  });
  const headers: Record<string, string> = { ...signed, host: HOST };
  if (post) headers['content-type'] = JSON_TYPE;
  return { request: { method: post ? 'POST' : 'GET', url, headers, body }, scheme };
}

async function send(app: FastifyInstance, request: WireRequest): Promise<{ status: number; body: string }> {
  const response = await app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    ...(request.body.byteLength > 0 ? { payload: request.body } : {}),
  });
  return { status: response.statusCode, body: response.body };
}

/**
 * Runs the fuzz until at least `minMutations` mutated requests were sent (bounded: fast-check stops
 * after the runs that takes; a V1 original needs a Date second of its own, so at most 800 of those).
 */
export async function runSigningFuzz(
  app: FastifyInstance,
  keys: FuzzKeys,
  options: { minMutations: number; seed?: number; now?: () => Date },
): Promise<FuzzReport> {
  const report: FuzzReport = {
    originals: 0,
    mutations: 0,
    acceptedMutations: [],
    refusedOriginals: [],
    refusals: {},
    kinds: {},
    elapsedMs: 0,
  };
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  let v1Second = 0;
  // V1 Dates count back from the start, one second each, so they never meet as the clock runs on.
  const v1Base = now();
  // Each original carries about 30 (V1) to 50 (V2) mutations; the margin keeps the bound a bound.
  const numRuns = Math.ceil(options.minMutations / 30) + 20;
  await fc.assert(
    fc.asyncProperty(drawArbitrary, async (draw) => {
      if (report.mutations >= options.minMutations) return;
      if (!draw.template.startsWith('v2') && v1Second >= 800) draw = { ...draw, template: 'v2-post-exam' };
      const { request, scheme } = buildOriginal(draw, keys, draw.template.startsWith('v2') ? now() : v1Base, v1Second);
      if (scheme === 'SharedKey') v1Second++;
      const same = JSON.stringify(request);
      // A mutation that happens not to apply here (no id to change, no `%2B`) would be the original itself.
      const mutations = mutationsFor(request, scheme, keys, draw.pick)
        .map((mutation) => ({ mutation, mutated: mutation.apply(request) }))
        .filter(({ mutated }) => JSON.stringify(mutated) !== same);
      const answers = await Promise.all(
        mutations.map(async ({ mutation, mutated }) => ({ mutation, mutated, answer: await send(app, mutated) })),
      );
      for (const { mutation, mutated, answer } of answers) {
        report.mutations++;
        report.kinds[mutation.kind] = (report.kinds[mutation.kind] ?? 0) + 1;
        if (answer.status < 300) {
          report.acceptedMutations.push({ mutation: mutation.kind, request: mutated, status: answer.status });
        } else {
          let code = '';
          try {
            code = (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code ?? '';
          } catch {
            // Not JSON: counted by status alone.
          }
          const label = `${answer.status} ${code}`.trim();
          report.refusals[label] = (report.refusals[label] ?? 0) + 1;
          if (process.env.FUZZ_DEBUG) {
            const byKind = `${mutation.kind} → ${label}`;
            report.refusals[byKind] = (report.refusals[byKind] ?? 0) + 1;
          }
        }
      }
      // Only now the genuine request, whose nonce (or V1 signature) no mutation could have spent.
      const original = await send(app, request);
      report.originals++;
      if (original.status >= 300) report.refusedOriginals.push({ request, ...original });
    }),
    { numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }), endOnFailure: true },
  );
  report.elapsedMs = performance.now() - started;
  return report;
}
