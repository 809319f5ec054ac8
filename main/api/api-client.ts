/**
 * The main process's client of the exam service. Every call but launch is signed with the
 * session key (SharedKeyV2); every answer to the session key and the launch must carry a valid
 * response MAC (response-mac-interceptor); responses are validated against shared/api schemas and
 * failures surface as BridgeErrors carrying the service's own code and message.
 */
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import {
  launchResponseSchema,
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
import {
  fillPath,
  jsonAnswerSchema,
  type ApiRoute,
  type PathParamName,
  type PathParams,
  type RouteRequestBody,
  type RouteResult,
} from '../../shared/api/route';
import { apiRoutes } from '../../shared/api/routes';
import { BAD_RESPONSE_CODE, toBridgeError } from './api-error';
import { ServiceClock } from '../core/service-clock';
import type { RequestAuth, VigilRequestOptions } from './request-options';
import {
  createEventVerifier,
  installResponseMacInterceptor,
  TamperedResponseError,
  type TamperedResponse,
} from './response-mac-interceptor';
import { DEFAULT_RETRY_POLICY, installRetryInterceptor, type RetryPolicy } from './retry-interceptor';
import { pinnedSignatureCheck, type SignatureCheck } from './service-signature';
import { installSigningInterceptor } from './signing-interceptor';
import { tamperedIncident } from './tamper-report';
import { BridgeError } from '../core/bridge-error';
import { Keyring } from '../keyring/keyring';
import type { SigningKey } from '../keyring/session-key';

export interface ApiClientOptions {
  serviceUrl: string;
  client: ClientInfo;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** The service's Ed25519 public keys (base64) this build pins: answers must then be signed by one. */
  servicePublicKeys?: readonly string[];
  /** Where the live session's key is held (the app's one keyring); a client of its own by default. */
  keyring?: Keyring;
  /** The service's clock, shared with the tus client; a clock of its own by default. */
  clock?: ServiceClock;
}

export type PostIncidentsResponse = RouteResult<typeof apiRoutes.postIncidents>;

/** One call of a route: its path parameters (when it has any), its body, and how it is signed and retried. */
export type RouteCall<R extends ApiRoute> = {
  body?: RouteRequestBody<R>;
  vigil?: VigilRequestOptions;
} & ([PathParamName<R['path']>] extends [never] ? { params?: undefined } : { params: PathParams<R['path']> });

export class ApiClient {
  readonly http: AxiosInstance;
  readonly clock: ServiceClock;
  readonly keyring: Keyring;
  /** A key given to this client alone (setSessionKey: tests, the refused-launch reporter). */
  private ownKey: SigningKey | null = null;
  private readonly tamperListeners = new Set<(report: TamperedResponse) => void>();
  private readonly tamperSeen = new Set<string>();
  private readonly signature: SignatureCheck | null;

  constructor(private readonly options: ApiClientOptions) {
    this.clock = options.clock ?? new ServiceClock();
    this.keyring = options.keyring ?? new Keyring();
    this.http = axios.create({
      baseURL: options.serviceUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 15_000,
      // Electron's main process and plain Node both have Node's http: never XHR or fetch here.
      adapter: 'http',
      maxRedirects: 0,
      headers: { accept: 'application/json' },
    });
    installSigningInterceptor(this.http, {
      keys: { session: () => this.sessionKey() },
      clock: this.clock,
      clientHeader: `vigil/${options.client.version} (${options.client.platform}; ${options.client.kind})`,
    });
    // First of the response interceptors: nothing (not even serverTime) is read from an unverified answer.
    this.signature = pinnedSignatureCheck(options.servicePublicKeys ?? []);
    installResponseMacInterceptor(this.http, {
      sessionKey: () => this.sessionKey(),
      clock: this.clock,
      onTampered: (report) => this.tampered(report),
      signature: this.signature,
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
    return this.sessionKey() !== null;
  }

  /** Signs with the keyring's key; a key set here (a client on its own) takes its place until cleared. */
  setSessionKey(key: SigningKey | null): void {
    this.ownKey = key;
  }

  private sessionKey(): SigningKey | null {
    return this.ownKey ?? this.keyring.current();
  }

  /**
   * Refused answers (a MAC that does not verify), once per key, method and path: the wiring turns
   * them into TAMPERED_RESPONSE incidents. A refused launch is reported by launch() itself.
   */
  onTamperedResponse(listener: (report: TamperedResponse) => void): () => void {
    this.tamperListeners.add(listener);
    return () => this.tamperListeners.delete(listener);
  }

  /** Checks the messages of the event stream that `response` opened (see createEventVerifier). */
  eventVerifier(response: AxiosResponse): ReturnType<typeof createEventVerifier> {
    return createEventVerifier(this.http, response, this.sessionKey(), this.signature);
  }

  /** A refused answer the caller checked itself (an event stream message). */
  reportTampered(report: TamperedResponse): void {
    this.tampered(report);
  }

  /** With an idempotency key the launch is safe to retry: a lost answer is asked for again, not refused. */
  async launch(launchCode: string, idempotencyKey?: string): Promise<LaunchResponse> {
    try {
      return await this.call(apiRoutes.launch, {
        body: { launchCode, client: this.options.client, ...(idempotencyKey ? { idempotencyKey } : {}) },
        vigil: { auth: 'none', launchCode, idempotent: idempotencyKey !== undefined },
      });
    } catch (error) {
      if (error instanceof TamperedResponseError) await this.reportRefusedLaunch(error.report);
      throw error;
    }
  }

  /**
   * No session key is trusted yet, but the refused answer's may well be the real one (a proxy that
   * rewrote only the policy): a report signed with it reaches this session and nothing else, and a
   * forged key is simply refused by the service. Best effort, once, never throws.
   */
  private async reportRefusedLaunch(report: TamperedResponse): Promise<void> {
    const refused = launchResponseSchema.pick({ keyId: true, secretKey: true }).safeParse(report.refusedLaunch);
    if (!refused.success) return;
    // Short: the launch's own error waits for this.
    const reporter = new ApiClient({
      ...this.options,
      keyring: new Keyring(),
      retry: { retries: 0 },
      timeoutMs: 5_000,
    });
    reporter.setSessionKey(refused.data);
    await reporter.postIncidents([tamperedIncident(report)], { retries: 0 }).catch(() => undefined);
  }

  session(): Promise<ClientSession> {
    return this.call(apiRoutes.getClientSession);
  }

  async reportStep(report: StepReport): Promise<void> {
    await this.request(this.requestConfig(apiRoutes.reportStep, { body: report }));
  }

  faceEnroll(body: FaceEnrollRequest): Promise<FaceEnrollResponse> {
    return this.call(apiRoutes.enrollFace, { body });
  }

  identity(body: IdentityRequest): Promise<IdentityResponse> {
    return this.call(apiRoutes.verifyIdentity, { body });
  }

  /** Idempotent: each incident carries the clientId the service de-duplicates on. */
  postIncidents(incidents: ClientIncident[], options: { retries?: number } = {}): Promise<PostIncidentsResponse> {
    return this.call(apiRoutes.postIncidents, {
      body: { incidents },
      vigil: { auth: 'session', idempotent: true, ...options },
    });
  }

  requestApproval(): Promise<SessionStatusResponse> {
    return this.call(apiRoutes.requestApproval, { body: {} });
  }

  start(): Promise<SessionStatusResponse> {
    return this.call(apiRoutes.startSession, { body: {} });
  }

  finish(): Promise<SessionStatusResponse> {
    return this.call(apiRoutes.finishSession, { body: {} });
  }

  heartbeat(recordingOffsetMs?: number): Promise<SessionStatusResponse> {
    return this.call(apiRoutes.heartbeat, {
      body: recordingOffsetMs === undefined ? {} : { recordingOffsetMs },
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

  private tampered(report: TamperedResponse): void {
    const id = `${report.keyId ?? 'launch'} ${report.method} ${report.path}`;
    if (this.tamperSeen.has(id)) return;
    this.tamperSeen.add(id);
    for (const listener of this.tamperListeners) listener(report);
  }

  /** The axios request for one call of `route`: its method and path from the route table. */
  private requestConfig<R extends ApiRoute>(
    route: R,
    call: RouteCall<R>,
  ): AxiosRequestConfig & { vigil?: VigilRequestOptions } {
    return {
      method: route.method.toLowerCase(),
      url: fillPath(route, call.params ?? {}),
      ...(call.body === undefined ? {} : { data: call.body }),
      ...(call.vigil ? { vigil: call.vigil } : {}),
    };
  }

  /** Calls `route` and checks its answer against the route's schema. */
  private async call<R extends ApiRoute>(route: R, call: RouteCall<R> = {} as RouteCall<R>): Promise<RouteResult<R>> {
    const config = this.requestConfig(route, call);
    const data = await this.request(config);
    const parsed = jsonAnswerSchema(route).safeParse(data);
    if (!parsed.success) {
      throw new BridgeError(BAD_RESPONSE_CODE, `The exam service sent an unexpected answer to ${config.url}.`);
    }
    return parsed.data;
  }
}
