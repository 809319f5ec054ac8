/**
 * The main process's client of the exam service. Every call but launch is signed with the
 * session key (SharedKeyV2); responses are validated against shared/api schemas and failures
 * surface as BridgeErrors carrying the service's own code and message.
 */
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import type { z } from 'zod';
import {
  clientSessionSchema,
  faceEnrollResponseSchema,
  identityResponseSchema,
  launchResponseSchema,
  postIncidentsResponseSchema,
  sessionStatusResponseSchema,
  type ClientIncident,
  type ClientInfo,
  type ClientSession,
  type FaceEnrollRequest,
  type FaceEnrollResponse,
  type IdentityRequest,
  type IdentityResponse,
  type LaunchResponse,
  type SessionStatusResponse,
  type StepReport,
} from '../../shared/api/client';
import { BAD_RESPONSE_CODE, toBridgeError } from './api-error';
import { ClockOffset } from './clock-offset';
import type { RequestAuth } from './request-options';
import { DEFAULT_RETRY_POLICY, installRetryInterceptor, type RetryPolicy } from './retry-interceptor';
import { installSigningInterceptor, type SigningKey } from './signing-interceptor';
import { BridgeError } from '../ipc/handler-types';

export interface ApiClientOptions {
  serviceUrl: string;
  client: ClientInfo;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

export type PostIncidentsResponse = z.infer<typeof postIncidentsResponseSchema>;

export class ApiClient {
  readonly http: AxiosInstance;
  readonly clock = new ClockOffset();
  private sessionKey: SigningKey | null = null;

  constructor(private readonly options: ApiClientOptions) {
    this.http = axios.create({
      baseURL: options.serviceUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 15_000,
      // Electron's main process and plain Node both have Node's http: never XHR or fetch here.
      adapter: 'http',
      maxRedirects: 0,
      headers: { accept: 'application/json' },
    });
    installSigningInterceptor(this.http, {
      keys: { session: () => this.sessionKey },
      clock: this.clock,
      clientHeader: `vigil/${options.client.version} (${options.client.platform}; ${options.client.kind})`,
    });
    this.http.interceptors.response.use((response) => {
      const serverTime = (response.data as { serverTime?: unknown } | null)?.serverTime;
      const sentAt = response.config.vigil?.sentAt;
      if (typeof serverTime === 'string' && sentAt !== undefined) {
        this.clock.updateFromServerTime(serverTime, sentAt, Date.now());
      }
      return response;
    });
    installRetryInterceptor(this.http, { policy: { ...DEFAULT_RETRY_POLICY, ...options.retry }, clock: this.clock });
  }

  get serviceUrl(): string {
    return this.options.serviceUrl;
  }

  get hasSessionKey(): boolean {
    return this.sessionKey !== null;
  }

  /** The session key lives in this object's memory only (see session/credentials-vault for crash recovery). */
  setSessionKey(key: SigningKey | null): void {
    this.sessionKey = key;
  }

  async launch(launchCode: string): Promise<LaunchResponse> {
    return this.call(launchResponseSchema, {
      method: 'post',
      url: '/v1/client/launch',
      data: { launchCode, client: this.options.client },
      vigil: { auth: 'none' },
    });
  }

  session(): Promise<ClientSession> {
    return this.call(clientSessionSchema, { method: 'get', url: '/v1/client/session' });
  }

  async reportStep(report: StepReport): Promise<void> {
    await this.request({ method: 'post', url: '/v1/client/session/steps', data: report });
  }

  faceEnroll(body: FaceEnrollRequest): Promise<FaceEnrollResponse> {
    return this.call(faceEnrollResponseSchema, { method: 'post', url: '/v1/client/session/face-enroll', data: body });
  }

  identity(body: IdentityRequest): Promise<IdentityResponse> {
    return this.call(identityResponseSchema, { method: 'post', url: '/v1/client/session/identity', data: body });
  }

  /** Idempotent: each incident carries the clientId the service de-duplicates on. */
  postIncidents(incidents: ClientIncident[], options: { retries?: number } = {}): Promise<PostIncidentsResponse> {
    return this.call(postIncidentsResponseSchema, {
      method: 'post',
      url: '/v1/client/session/incidents',
      data: { incidents },
      vigil: { auth: 'session', idempotent: true, ...options },
    });
  }

  requestApproval(): Promise<SessionStatusResponse> {
    return this.transition('request-approval');
  }

  start(): Promise<SessionStatusResponse> {
    return this.transition('start');
  }

  finish(): Promise<SessionStatusResponse> {
    return this.transition('finish');
  }

  heartbeat(recordingOffsetMs?: number): Promise<SessionStatusResponse> {
    return this.call(sessionStatusResponseSchema, {
      method: 'post',
      url: '/v1/client/session/heartbeat',
      data: recordingOffsetMs === undefined ? {} : { recordingOffsetMs },
      vigil: { auth: 'session', idempotent: true },
    });
  }

  /** A raw signed request for callers with their own response handling (the event stream, the network probe). */
  async request<T = unknown>(config: AxiosRequestConfig & { vigil?: { auth: RequestAuth } }): Promise<T> {
    try {
      const response = await this.http.request<T>({ vigil: { auth: 'session' }, ...config });
      return response.data;
    } catch (error) {
      throw toBridgeError(error);
    }
  }

  private transition(action: 'request-approval' | 'start' | 'finish'): Promise<SessionStatusResponse> {
    return this.call(sessionStatusResponseSchema, { method: 'post', url: `/v1/client/session/${action}`, data: {} });
  }

  private async call<S extends z.ZodType>(schema: S, config: AxiosRequestConfig): Promise<z.output<S>> {
    const data = await this.request(config);
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new BridgeError(BAD_RESPONSE_CODE, `The exam service sent an unexpected answer to ${config.url}.`);
    }
    return parsed.data;
  }
}
