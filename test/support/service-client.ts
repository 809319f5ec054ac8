/**
 * Calls the exam service over real HTTP the way an institution or the desktop client would: signed
 * with shared/signing. The helpers taking a TestService sign with the service's (possibly advanced) clock.
 */
import { randomUUID } from 'node:crypto';
import type { LaunchResponse } from '../../shared/api/client';
import type { Exam } from '../../shared/api/exams';
import { routePath } from '../../shared/api/route';
import { apiRoutes } from '../../shared/api/routes';
import type { CreateSessionResponse } from '../../shared/api/sessions';
import { signRequestHeaders, type SigningScheme } from '../../shared/signing/shared-key';
import type { FastifyInstance } from 'fastify';
import type { TestService } from './service-harness';

/** A service to call: in-process (its clock is used for Date) or a child process (real time). */
export interface ServiceTarget {
  baseUrl: string;
  app?: FastifyInstance;
}

const serviceTime = (target: ServiceTarget): Date => target.app?.clock() ?? new Date();

export interface TestKey {
  keyId: string | number;
  secretKey: string;
  scheme?: SigningScheme;
}

export interface CallOptions {
  key?: TestKey;
  /** Serialised as JSON; `rawBody` sends bytes as they are. */
  body?: unknown;
  rawBody?: Uint8Array | string;
  headers?: Record<string, string>;
  now?: Date;
}

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const raw =
    options.rawBody !== undefined
      ? typeof options.rawBody === 'string'
        ? new TextEncoder().encode(options.rawBody)
        : options.rawBody
      : options.body !== undefined
        ? new TextEncoder().encode(JSON.stringify(options.body))
        : undefined;
  const signed = options.key
    ? signRequestHeaders({
        scheme: options.key.scheme ?? 'SharedKeyV2',
        keyId: options.key.keyId,
        secretKey: options.key.secretKey,
        method,
        // The full URL: SharedKeyV2 signs the Host fetch will send.
        url: `${baseUrl}${path}`,
        body: raw,
        ...(options.now ? { now: options.now } : {}),
      })
    : {};
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(raw ? { 'content-type': 'application/json' } : {}), ...signed, ...options.headers },
    ...(raw ? { body: raw } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (the demo page): keep the text.
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** An account key and its webhook signing secret (X-Signature), both as `account create` shows them once. */
export type InstitutionKey = TestKey & { webhookSecret: string };

export async function createAccount(
  service: TestService,
  name = `Institution ${randomUUID().slice(0, 8)}`,
  options: { allowV1?: boolean } = {},
): Promise<InstitutionKey> {
  const created = await service.app.services.accounts.create({ name, ...options });
  return { keyId: created.accountId, secretKey: created.secretKey, webhookSecret: created.webhookSecret };
}

export async function createExam(
  service: ServiceTarget,
  key: TestKey,
  body: Record<string, unknown> = {},
): Promise<Exam> {
  const route = apiRoutes.createExam;
  const result = await call<Exam>(service.baseUrl, route.method, routePath(route), {
    key,
    now: serviceTime(service),
    body: { title: 'Algebra final', durationMinutes: 90, policy: {}, ...body },
  });
  if (result.status !== 201)
    throw new Error(`creating an exam failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function createSession(
  service: ServiceTarget,
  key: TestKey,
  examId: string,
  body: Record<string, unknown> = {},
): Promise<CreateSessionResponse> {
  const route = apiRoutes.createSession;
  const result = await call<CreateSessionResponse>(service.baseUrl, route.method, routePath(route, { id: examId }), {
    key,
    now: serviceTime(service),
    body: { externalUserId: `student-${randomUUID().slice(0, 6)}`, userName: 'Ada Lovelace', ...body },
  });
  if (result.status !== 201)
    throw new Error(`creating a session failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function launch(
  service: ServiceTarget,
  launchCode: string,
  kind: 'desktop' | 'preview' = 'desktop',
  idempotencyKey?: string,
): Promise<CallResult<LaunchResponse>> {
  return call<LaunchResponse>(service.baseUrl, apiRoutes.launch.method, routePath(apiRoutes.launch), {
    body: {
      launchCode,
      client: { version: '0.1.0', platform: 'linux', kind },
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    },
  });
}

export interface LaunchedCandidate {
  account: TestKey;
  exam: Exam;
  session: CreateSessionResponse;
  launch: LaunchResponse;
  sessionKey: TestKey;
}

/** Account → exam → session → launch, as an institution and a candidate would. */
export async function launchCandidate(
  service: TestService,
  options: { account?: TestKey; examBody?: Record<string, unknown>; sessionBody?: Record<string, unknown> } = {},
): Promise<LaunchedCandidate> {
  const account = options.account ?? (await createAccount(service));
  const exam = await createExam(service, account, options.examBody);
  const session = await createSession(service, account, exam.id, options.sessionBody);
  const launched = await launch(service, session.launchCode);
  if (launched.status !== 200) throw new Error(`launch failed: ${launched.status} ${JSON.stringify(launched.body)}`);
  return {
    account,
    exam,
    session,
    launch: launched.body,
    sessionKey: { keyId: launched.body.keyId, secretKey: launched.body.secretKey },
  };
}

export function clientIncident(type: string, extra: Record<string, unknown> = {}) {
  return { clientId: randomUUID(), type, occurredAt: new Date().toISOString(), ...extra };
}
