/**
 * POST /v1/client/launch: trades a launch code (the only credential a candidate holds) for a
 * session-scoped key. The code is single use and expires; the institution's key never leaves the service.
 */
import type { LaunchRequest, LaunchResponse } from '../../shared/api/client';
import { generateSecretKey, generateSessionKeyId, hashLaunchCode } from '../crypto/tokens';
import type { SecretBox } from '../crypto/secret-box';
import type { TransactionRunner } from '../db/unit-of-work';
import { forbidden, gone, invalidState, notFound } from '../lib/http-error';
import { isoTime, type Clock } from '../lib/time';
import { policyOf, presentCandidate, presentLaunchExam } from '../presenters/api-presenters';
import type { IncidentService } from './incident-service';
import { isTerminal } from './session-lifecycle';

export class LaunchService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly incidents: IncidentService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async launch(request: LaunchRequest): Promise<LaunchResponse> {
    const codeHash = hashLaunchCode(request.launchCode);
    return this.transaction(async (uow) => {
      const { repositories } = uow;
      const now = this.clock();
      const session = await repositories.sessions.findByLaunchCodeHash(codeHash);
      if (!session) throw notFound('Launch code');
      if (session.launched_at) throw gone('This launch code was already used; ask the institution for a new one');
      if (!session.launch_code_expires_at || session.launch_code_expires_at <= isoTime(now)) {
        throw gone('This launch code has expired; ask the institution for a new one');
      }
      if (isTerminal(session.state)) throw invalidState(`The session is ${session.state.replace(/_/g, ' ')}`);
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
      const launched = await repositories.sessions.markLaunched(session.id, {
        launched_at: isoTime(now),
        last_heartbeat_at: isoTime(now),
        session_key_id: keyId,
        session_key_ciphertext: this.secrets.seal(secretKey, 'session-secret'),
        preview: preview ? 1 : 0,
        // `kind` is the client's unverified claim: a preview session is always for a human to look at.
        ...(preview ? { flagged_for_review: 1 } : {}),
      });
      if (!launched) throw gone('This launch code was already used; ask the institution for a new one');
      await this.incidents.record(uow, {
        session: launched,
        type: 'SESSION_JOINED',
        source: 'client',
        details: { client: request.client },
      });
      const faces = await repositories.identity.findFaces(session.id);
      return {
        sessionId: launched.id,
        keyId,
        secretKey,
        exam: presentLaunchExam(exam),
        policy,
        candidate: presentCandidate(launched, Boolean(faces?.reference_photo)),
        state: 'joined',
        preview,
        serverTime: isoTime(now),
      };
    });
  }
}
