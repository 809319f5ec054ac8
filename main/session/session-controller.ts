/**
 * The candidate's session as the main process knows it: launch, the state transitions and the
 * calls that need the session key. One instance per app; the same class serves Electron and the
 * plain-Node preview host.
 */
import type {
  ClientSession,
  FaceEnrollRequest,
  FaceEnrollResponse,
  IdentityRequest,
  IdentityResponse,
  LaunchResponse,
  SessionStatusResponse,
  StepReport,
} from '../../shared/api/client';
import type { SessionStatus, SessionSummary } from '../../shared/ipc/contract';
import type { ExamPolicy } from '../../shared/policy';
import type { SessionState } from '../../shared/session-states';
import type { ApiClient } from '../api/api-client';
import { BridgeError } from '../core/bridge-error';
import type { SessionKey } from '../keyring/session-key';
import { normalizeLaunchCode } from '../launch/deep-link';
import { LaunchAttemptKeys } from './launch-attempt-keys';

export interface SessionControllerOptions {
  api: ApiClient;
  /** A testing centre's locked policy values (managed configuration) laid over the exam's. */
  applyPolicyOverrides?: (policy: ExamPolicy) => ExamPolicy;
  /** Called with the key after launch (to keep it for crash recovery) and with null when the session ends. */
  persistCredentials?: (credentials: SessionKey | null) => Promise<void>;
  /** Where a launch's idempotency key survives this app's crash (default: memory). */
  launchAttempts?: LaunchAttemptKeys;
}

export type SessionListener = (summary: SessionSummary) => void;

/** What a resume learnt of the gap: the service's last heartbeat and how long ago that was, on its clock. */
export interface ResumeGap {
  lastHeartbeatAt: string | null;
  goneForMs: number | null;
}

export class SessionController {
  private summary: SessionSummary | null = null;
  private readonly memoryAttempts = new LaunchAttemptKeys(null);
  private readonly listeners = new Set<SessionListener>();
  /** This session's own quit verifier, which the service sends only once the session is approved. */
  private quitVerifier: string | undefined;
  private resumeGap: ResumeGap | null = null;

  constructor(private readonly options: SessionControllerOptions) {}

  get api(): ApiClient {
    return this.options.api;
  }

  current(): SessionSummary | null {
    return this.summary;
  }

  /** The session key, as the API client's keyring holds it (main process only). */
  credentials(): SessionKey | null {
    return this.options.api.keyring.current();
  }

  /** The current session, or a readable refusal when the renderer calls too early. */
  require(): SessionSummary {
    if (!this.summary) throw new BridgeError('no_session', 'No exam session has been launched yet.');
    return this.summary;
  }

  policy(): ExamPolicy {
    return this.require().policy;
  }

  /** Called on every state change (launch, transitions, pushed events). */
  onChange(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async launch(launchCodeOrUrl: string): Promise<SessionSummary> {
    const launchCode = normalizeLaunchCode(launchCodeOrUrl);
    const attempts = this.options.launchAttempts ?? this.memoryAttempts;
    const launched = await this.options.api.launch(launchCode, await attempts.keyFor(launchCode));
    const summary = await this.adopt(launched);
    await attempts.forget(launchCode);
    return summary;
  }

  /** Resumes a session whose credentials survived a crash: the service tells us where it stands. */
  async resume(credentials: SessionKey): Promise<SessionSummary> {
    this.options.api.keyring.hold(credentials);
    const session = await this.options.api.session();
    const lastHeartbeatAt = session.lastHeartbeatAt ?? null;
    this.resumeGap = {
      lastHeartbeatAt,
      goneForMs: lastHeartbeatAt ? Math.max(0, Date.parse(session.serverTime) - Date.parse(lastHeartbeatAt)) : null,
    };
    this.summary = this.summarize(session, session.preview ?? this.summary?.preview ?? false);
    this.emit();
    return this.summary;
  }

  /** The gap the last resume found (for SESSION_RESUMED), or null when this run launched its session. */
  lastResumeGap(): ResumeGap | null {
    return this.resumeGap;
  }

  /**
   * The verifier `lockdown:quit` checks: a testing centre's locked one (managed configuration), else
   * this session's own, known once the service approved the session; undefined before.
   */
  quitPasswordHash(): string | undefined {
    return this.summary?.policy.quitPasswordHash ?? this.quitVerifier;
  }

  /** The service's view of the session, with its exam clock (startedAt/endsAt) and our measure of its clock. */
  async status(): Promise<SessionStatus> {
    this.require();
    const session = await this.options.api.session();
    this.summary = this.summarize(session, this.require().preview);
    this.emit();
    return this.withClockOffset({
      state: session.state,
      authScore: session.authScore,
      stopReason: session.stopReason,
      serverTime: session.serverTime,
      startedAt: session.startedAt,
      endsAt: session.endsAt,
    });
  }

  requestApproval(): Promise<SessionStatus> {
    return this.transition(() => this.options.api.requestApproval());
  }

  start(): Promise<SessionStatus> {
    return this.transition(() => this.options.api.start());
  }

  finish(): Promise<SessionStatus> {
    return this.transition(() => this.options.api.finish());
  }

  async reportStep(report: StepReport): Promise<void> {
    this.require();
    await this.options.api.reportStep(report);
  }

  faceEnroll(body: FaceEnrollRequest): Promise<FaceEnrollResponse> {
    this.require();
    return this.options.api.faceEnroll(body);
  }

  identity(body: IdentityRequest): Promise<IdentityResponse> {
    this.require();
    return this.options.api.identity(body);
  }

  /** A state pushed by the service's event stream. */
  applyPushedState(state: SessionState): void {
    if (!this.summary || this.summary.state === state) return;
    this.summary = { ...this.summary, state };
    this.emit();
  }

  /** Forgets the session key (after the session ended and the queue and uploads are done). */
  async forget(): Promise<void> {
    this.options.api.keyring.hold(null);
    this.summary = null;
    this.quitVerifier = undefined;
    this.resumeGap = null;
    await this.options.persistCredentials?.(null);
  }

  private async adopt(launched: LaunchResponse): Promise<SessionSummary> {
    const key: SessionKey = { sessionId: launched.sessionId, keyId: launched.keyId, secretKey: launched.secretKey };
    this.options.api.keyring.hold(key);
    await this.options.persistCredentials?.(key);
    this.summary = {
      sessionId: launched.sessionId,
      state: launched.state,
      exam: launched.exam,
      policy: this.overridePolicy(launched.policy),
      candidate: launched.candidate,
      preview: launched.preview,
    };
    this.emit();
    return this.summary;
  }

  private summarize(session: ClientSession, preview: boolean): SessionSummary {
    if (session.quitPasswordHash) this.quitVerifier = session.quitPasswordHash;
    return {
      sessionId: session.sessionId,
      state: session.state,
      exam: session.exam,
      policy: this.overridePolicy(session.policy),
      candidate: session.candidate,
      preview,
    };
  }

  private overridePolicy(policy: ExamPolicy): ExamPolicy {
    return this.options.applyPolicyOverrides ? this.options.applyPolicyOverrides(policy) : policy;
  }

  private async transition(call: () => Promise<SessionStatusResponse>): Promise<SessionStatus> {
    this.require();
    const status = await call();
    if (status.quitPasswordHash) this.quitVerifier = status.quitPasswordHash;
    this.applyPushedState(status.state);
    return this.withClockOffset(status);
  }

  /** The offset the API client learnt from this very answer's serverTime (round-trip midpoint). */
  private withClockOffset(status: SessionStatusResponse): SessionStatus {
    return { ...status, clockOffsetMs: this.options.api.clock.milliseconds };
  }

  private emit(): void {
    const summary = this.summary;
    if (!summary) return;
    for (const listener of this.listeners) listener(summary);
  }
}
