/**
 * The formats the OpenAPI document states are the validation: an email address with DNS-shaped
 * labels (`a@b-.co` refused), images that are JPEG or PNG base64 within the size limit, and bodies the
 * document calls optional really are optional (and those it calls required are required).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorBodySchema } from '../../../shared/api/errors';
import { apiRoutes } from '../../../shared/api/routes';
import { bodyIsOptional, openApiPath } from '../../../server/lib/openapi-optional-bodies';
import { call, createAccount, createExam, launchCandidate, type TestKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

interface StringSchema {
  type?: string;
  format?: string;
  pattern?: string;
  maxLength?: number;
  contentEncoding?: string;
  description?: string;
}
interface Operation {
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema: { properties?: Record<string, StringSchema & { items?: StringSchema }> } }>;
  };
}
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

/** Base64 as JSON Schema says it (contentEncoding) or as @fastify/swagger renders it for OpenAPI (format: byte). */
const isBase64 = (schema: StringSchema) => schema.contentEncoding === 'base64' || schema.format === 'byte';

const GIF = Buffer.from('GIF89a not allowed').toString('base64');
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).toString('base64');
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).toString('base64');

describeEachBackend('the spec’s formats are the validation', (backend) => {
  let service: TestService;
  let account: TestKey;
  let document: OpenApiDocument;

  beforeAll(async () => {
    service = await startTestService(backend);
    account = await createAccount(service);
    document = (await (await fetch(`${service.baseUrl}/openapi.json`)).json()) as OpenApiDocument;
  });
  afterAll(() => service?.close());

  const createSessionBody = () =>
    document.paths['/v1/exams/{id}/sessions']!.post!.requestBody!.content['application/json']!.schema.properties!;

  async function postSession(extra: Record<string, unknown>) {
    const exam = await createExam(service, account);
    return call(service.baseUrl, 'POST', `/v1/exams/${exam.id}/sessions`, {
      key: account,
      body: { externalUserId: 'u-1', userName: 'U', ...extra },
    });
  }

  it.each(['a@b-.co', 'a@-b.co', 'a@b..co', 'a@b', 'a@b.c', 'a b@c.co', `${'a'.repeat(250)}@b.co`])(
    'userEmail %s is refused with 400 validation_failed on body/userEmail, as the document’s pattern says',
    async (email) => {
      const result = await postSession({ userEmail: email });
      expect(result.status).toBe(400);
      const body = errorBodySchema.parse(result.body);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details?.map((detail) => detail.path)).toContain('body/userEmail');
      const declared = createSessionBody().userEmail!;
      expect(declared.format).toBe('email');
      expect(email.length > declared.maxLength! || !new RegExp(declared.pattern!).test(email)).toBe(true);
    },
  );

  it.each(['grace@example.org', "o'brien+exam@mail.uni-x.ac.uk", 'x@xn--bcher-kva.example'])(
    'userEmail %s is accepted and matches the document’s pattern',
    async (email) => {
      const result = await postSession({ userEmail: email });
      expect(result.status).toBe(201);
      expect(new RegExp(createSessionBody().userEmail!.pattern!).test(email)).toBe(true);
    },
  );

  it('facePhoto is declared as JPEG/PNG base64 with its size limit, and the declaration is what is enforced', async () => {
    const declared = createSessionBody().facePhoto!;
    expect(declared).toMatchObject({ type: 'string', maxLength: 6_000_000 });
    expect(isBase64(declared)).toBe(true);
    expect(declared.description).toMatch(/JPEG or PNG/);
    const pattern = new RegExp(declared.pattern!);
    expect(pattern.test(JPEG_HEAD)).toBe(true);
    expect(pattern.test(PNG_HEAD)).toBe(true);
    expect(pattern.test(GIF)).toBe(false);

    const gif = await postSession({ facePhoto: GIF });
    expect(gif.status).toBe(400);
    const body = errorBodySchema.parse(gif.body);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details?.[0]?.path).toBe('body/facePhoto');
    expect(body.error.details?.[0]?.message).toMatch(/JPEG or PNG/);
    const dataUrl = await postSession({ facePhoto: `data:image/jpeg;base64,${JPEG_HEAD}` });
    expect(dataUrl.status).toBe(400);
  });

  it('snapshots are declared and refused the same way', async () => {
    for (const path of ['/v1/client/session/face-enroll', '/v1/client/session/identity']) {
      const items =
        document.paths[path]!.post!.requestBody!.content['application/json']!.schema.properties!.snapshots!.items!;
      expect(items).toMatchObject({ maxLength: 6_000_000 });
      expect(isBase64(items)).toBe(true);
      expect(new RegExp(items.pattern!).test(GIF)).toBe(false);
    }
    const candidate = await launchCandidate(service, { account });
    const result = await call(service.baseUrl, 'POST', '/v1/client/session/face-enroll', {
      key: candidate.sessionKey,
      body: { snapshots: [GIF] },
    });
    expect(result.status).toBe(400);
    const body = errorBodySchema.parse(result.body);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details?.map((detail) => detail.path)).toContain('body/snapshots/0');
  });

  it('a body the service accepts absent is not required in the document; one it needs is', async () => {
    const optional = Object.values(apiRoutes).filter(bodyIsOptional);
    expect(optional.map((route) => route.operationId).sort()).toEqual(
      [
        'approveSession',
        'closeSession',
        'consoleSignOut',
        'dismissSession',
        'finishSession',
        'heartbeat',
        'requestApproval',
        'rotateWebhookSecret',
        'startSession',
      ].sort(),
    );
    for (const route of Object.values(apiRoutes)) {
      if (!('body' in route)) continue;
      const operation = document.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
      expect(operation.requestBody?.required, route.operationId).toBe(!bodyIsOptional(route));
    }
    // And absent it is accepted: no body, no Content-Type.
    const candidate = await launchCandidate(service, { account });
    const heartbeat = await call(service.baseUrl, 'POST', '/v1/client/session/heartbeat', {
      key: candidate.sessionKey,
    });
    expect(heartbeat.status).toBe(200);
    const rotated = await call(service.baseUrl, 'POST', '/v1/account/webhook-secret', { key: account });
    expect(rotated.status).toBe(200);
    // A required body left out is refused.
    const noExam = await call(service.baseUrl, 'POST', '/v1/exams', { key: account });
    expect(noExam.status).toBe(400);
  });
});
