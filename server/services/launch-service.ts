/**
 * POST /v1/client/launch: trades a launch code (the only credential a candidate holds) for a
 * session-scoped key. The code is single use and expires; the institution's key never leaves the service.
 *
 * A launch whose answer is lost (the service killed after its commit, a dropped connection) must
 * not lock the candidate out: the client sends an idempotency key, and a retry with the same code
 * and key within LAUNCH_RETRY_WINDOW_MS, while the session has not started, gets the session again
 * with a freshly issued key. The lost key is revoked by the replacement, and SESSION_JOINED is
 * recorded once.
 */
import type { LaunchRequest, LaunchResponse } from '../../shared/api/client';
import type { ExamRow, SessionRow } from '../db/schema';
import type { UnitOfWork } from '../db/unit-of-work';
import { generateSecretKey, generateSessionKeyId, hashLaunchCode } from '../crypto/tokens';
import type { SecretBox } from '../crypto/secret-box';
import type { TransactionRunner } from '../db/unit-of-work';
import { forbidden, gone, invalidState, notFound } from '../lib/http-error';
import { isoTime, type Clock } from '../lib/time';
import { policyOf, presentCandidate, presentLaunchExam } from '../presenters/api-presenters';
import type { IncidentService } from './incident-service';
import { isTerminal } from './session-lifecycle';

export const LAUNCH_RETRY_WINDOW_MS = 10 * 60 * 1000;

const USED = 'This launch code was already used; ask the institution for a new one';

export class LaunchService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly incidents: IncidentService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async launch(request: LaunchRequest): Promise<LaunchResponse> {
    const codeHash = hashLaunchCode(request.launchCode);
    const attemptHash = request.idempotencyKey === undefined ? null : hashLaunchCode(request.idempotencyKey);
    return this.transaction(async (uow) => {
      const { repositories } = uow;
      const now = this.clock();
      const session = await repositories.sessions.findByLaunchCodeHash(codeHash);
      if (!session) throw notFound('Launch code');
      if (session.launched_at) {
        if (!this.isRetryOf(session, attemptHash, now)) throw gone(USED);
        return this.issueKey(uow, session, request, { retry: true });
      }
      if (!session.launch_code_expires_at || session.launch_code_expires_at <= isoTime(now)) {
        throw gone('This launch code has expired; ask the institution for a new one');
      }
      if (isTerminal(session.state)) throw invalidState(`The session is ${session.state.replace(/_/g, ' ')}`);
      return this.issueKey(uow, session, request, { retry: false, attemptHash });
    });
  }

  /** The same client retrying a launch it never heard back from, soon enough, before the exam started. */
  private isRetryOf(session: SessionRow, attemptHash: string | null, now: Date): boolean {
    return (
      attemptHash !== null &&
      session.launch_idempotency_hash === attemptHash &&
      session.state === 'joined' &&
      session.launched_at !== null &&
      now.getTime() - Date.parse(session.launched_at) <= LAUNCH_RETRY_WINDOW_MS
    );
  }

  private async issueKey(
    uow: UnitOfWork,
    session: SessionRow,
    request: LaunchRequest,
    attempt: { retry: true } | { retry: false; attemptHash: string | null },
  ): Promise<LaunchResponse> {
    const { repositories } = uow;
    const now = this.clock();
    const exam = await repositories.exams.findById(session.exam_id);
    if (!exam) throw notFound('Exam');
    const policy = policyOf(exam);
    const preview = request.client.kind === 'preview';
    // Refused before the code is spent, so the candidate can still launch with the real client.
    if (preview && !policy.allowPreview) {
      throw forbidden('This exam does not allow the browser preview: install the Vigil desktop client');
    }
    const keyId = generateSessionKeyId();
    const secretKey = generateSecretKey();
    const key = { session_key_id: keyId, session_key_ciphertext: this.secrets.seal(secretKey, 'session-secret') };
    const launched = attempt.retry
      ? await repositories.sessions.update(session.id, key)
      : await repositories.sessions.markLaunched(session.id, {
          ...key,
          launched_at: isoTime(now),
          last_heartbeat_at: isoTime(now),
          preview: preview ? 1 : 0,
          launch_idempotency_hash: attempt.attemptHash,
          // `kind` is the client's unverified claim: a preview session is always for a human to look at.
          ...(preview ? { flagged_for_review: 1 } : {}),
        });
    if (!launched) throw gone(USED);
    if (!attempt.retry) {
      await this.incidents.record(uow, {
        session: launched,
        type: 'SESSION_JOINED',
        source: 'client',
        details: { client: request.client },
      });
    }
    return this.present(uow, launched, exam, { keyId, secretKey, preview: launched.preview === 1 });
  }

  private async present(
    uow: UnitOfWork,
    session: SessionRow,
    exam: ExamRow,
    issued: { keyId: string; secretKey: string; preview: boolean },
  ): Promise<LaunchResponse> {
    const faces = await uow.repositories.identity.findFaces(session.id);
    return {
      sessionId: session.id,
      keyId: issued.keyId,
      secretKey: issued.secretKey,
      exam: presentLaunchExam(exam),
      policy: policyOf(exam),
      candidate: presentCandidate(session, Boolean(faces?.reference_photo)),
      state: 'joined',
      preview: issued.preview,
      serverTime: isoTime(this.clock()),
    };
  }
}
