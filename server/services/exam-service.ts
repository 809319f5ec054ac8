/** Creating an institution's exams and candidate sessions, and issuing launch codes. */
import { randomUUID } from 'node:crypto';
import type { CreateSessionResponse } from '../../shared/api/sessions';
import type { z } from 'zod';
import type { Exam, createExamRequestSchema } from '../../shared/api/exams';
import type { CreateSessionRequest } from '../../shared/api/sessions';
import { examPolicySchema } from '../../shared/policy';
import { generateLaunchCode, hashLaunchCode } from '../crypto/tokens';
import type { ExamRow, SessionRow } from '../db/schema';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work';
import { invalidState, notFound } from '../lib/http-error';
import { decodeImage } from '../lib/images';
import { addMs, isoTime, type Clock } from '../lib/time';
import { presentExam } from '../presenters/api-presenters';

export const DEFAULT_LAUNCH_CODE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const LAUNCH_URL_PREFIX = 'vigil://launch/';

/** The parsed (defaults applied) body of POST /v1/exams. */
export type ParsedCreateExam = z.output<typeof createExamRequestSchema>;

export class ExamService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly clock: Clock,
    private readonly launchCodeTtlMs: number,
  ) {}

  async createExam(accountId: number, body: ParsedCreateExam, defaultStartUrl: string): Promise<Exam> {
    const row: ExamRow = {
      id: randomUUID(),
      account_id: accountId,
      title: body.title,
      mode: body.mode,
      duration_minutes: body.durationMinutes,
      start_url: body.startUrl ?? defaultStartUrl,
      allowed_urls: JSON.stringify(body.allowedUrls),
      policy: JSON.stringify(examPolicySchema.parse(body.policy)),
      created_at: isoTime(this.clock()),
    };
    return this.transaction(async ({ repositories }) => presentExam(await repositories.exams.insert(row)));
  }

  /** The account's exam; another account's is "not found". */
  async get(accountId: number, examId: string): Promise<Exam> {
    return presentExam(await this.findForAccount(accountId, examId));
  }

  /** A candidate session on the account's exam (POST /v1/exams/:id/sessions). */
  async createSessionForAccount(
    accountId: number,
    examId: string,
    body: CreateSessionRequest,
  ): Promise<CreateSessionResponse> {
    return this.createSession(await this.findForAccount(accountId, examId), body);
  }

  async createSession(exam: ExamRow, body: CreateSessionRequest): Promise<CreateSessionResponse> {
    // Decoded before the transaction: a bad photo is refused with nothing written.
    const photo = body.facePhoto === undefined ? undefined : decodeImage(body.facePhoto, 'body/facePhoto');
    const now = this.clock();
    return this.transaction(async (uow) => {
      const session = await uow.repositories.sessions.insert({
        id: randomUUID(),
        exam_id: exam.id,
        account_id: exam.account_id,
        external_user_id: body.externalUserId,
        user_name: body.userName,
        user_email: body.userEmail ?? null,
        // There is no state before "joined": the session waits in it until the candidate launches.
        state: 'joined',
        auth_score: null,
        flagged_for_review: 0,
        preview: 0,
        launch_code_hash: null,
        launch_code_expires_at: null,
        launched_at: null,
        session_key_id: null,
        session_key_ciphertext: null,
        created_at: isoTime(now),
        started_at: null,
        ended_at: null,
        last_heartbeat_at: null,
        last_recording_offset_ms: null,
        stop_reason: null,
        incidents_purged_at: null,
        launch_idempotency_hash: null,
      });
      if (photo) await uow.repositories.identity.saveReferencePhoto(session.id, photo, isoTime(now));
      return this.issueLaunchCode(uow, session);
    });
  }

  /**
   * The institution's `POST /v1/sessions/:id/launch-code`: a new code for a candidate whose code
   * expired or was lost, or whose launch never reached them. Allowed until the exam starts; for a
   * session already launched it revokes the session key, so the device that held it (if any) is
   * out and only the holder of the new code can join.
   */
  async reissueLaunchCode(accountId: number, sessionId: string): Promise<CreateSessionResponse> {
    return this.transaction(async (uow) => {
      const session = await uow.repositories.sessions.findForAccount(accountId, sessionId);
      if (!session) throw notFound('Session');
      if (session.state !== 'joined') {
        throw invalidState(`The session is ${session.state.replace(/_/g, ' ')}: it can no longer be launched`);
      }
      if (session.launched_at !== null) {
        await uow.repositories.sessions.update(session.id, {
          launched_at: null,
          session_key_id: null,
          session_key_ciphertext: null,
          launch_idempotency_hash: null,
        });
      }
      return this.issueLaunchCode(uow, session);
    });
  }

  private async findForAccount(accountId: number, examId: string): Promise<ExamRow> {
    const exam = await this.transaction(({ repositories }) => repositories.exams.findForAccount(accountId, examId));
    if (!exam) throw notFound('Exam');
    return exam;
  }

  /**
   * A fresh single-use code for a session nobody has launched; replaces any earlier code. Only its
   * hash is stored, so the code exists once, in this response.
   */
  async issueLaunchCode(uow: UnitOfWork, session: SessionRow): Promise<CreateSessionResponse> {
    const launchCode = generateLaunchCode();
    const expiresAt = isoTime(addMs(this.clock(), this.launchCodeTtlMs));
    await uow.repositories.sessions.update(session.id, {
      launch_code_hash: hashLaunchCode(launchCode),
      launch_code_expires_at: expiresAt,
    });
    return { sessionId: session.id, launchCode, launchUrl: `${LAUNCH_URL_PREFIX}${launchCode}`, expiresAt };
  }
}
