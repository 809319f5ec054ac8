/**
 * Face enrolment and identity checks. The service does not trust the client: it recomputes each
 * match from the snapshots with its own FaceAnalyzer, stores both results, and records
 * IDENTITY_MISMATCH when the face does not match or when its result and the client's disagree.
 * The enrolment is taken once, before the exam starts, and never replaced (a resumed client confirms
 * against it with identity:verify, clientCompared false). A liveness claim is evidence the service
 * weighs (assessLiveness), recording what it could not check itself.
 */
import { randomUUID } from 'node:crypto';
import type { FaceEnrollResponse, IdentityRequest, IdentityResponse } from '../../shared/api/client';
import { averageEmbeddings } from '../../shared/face/embedding-math';
import { LIVENESS_MAX_PLAUSIBLE_YAW_DEGREES, LIVENESS_TURN_DEGREES } from '../../shared/face/face-thresholds';
import type { SessionRow } from '../db/schema';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work';
import type { FaceAnalyzer, FaceDescription } from '../face/face-analyzer-types';
import { HttpError, invalidState, notFound } from '../lib/http-error';
import { decodeImage } from '../lib/images';
import { OrderedHooks } from '../lib/observers';
import { isoTime, type Clock } from '../lib/time';
import { policyOf } from '../presenters/api-presenters';
import type { IncidentService } from './incident-service';
import { describeState, isTerminal } from './session-lifecycle';

export interface IdentityCheckedEvent {
  uow: UnitOfWork;
  sessionId: string;
  passed: boolean;
}

export class IdentityService {
  /** Run inside the check's transaction after it is stored (the auth score counts passed checks). */
  readonly checked = new OrderedHooks<IdentityCheckedEvent>();

  constructor(
    private readonly transaction: TransactionRunner,
    private readonly incidents: IncidentService,
    private readonly faceAnalyzer: () => Promise<FaceAnalyzer>,
    private readonly clock: Clock,
  ) {}

  async enroll(sessionId: string, snapshots: string[]): Promise<FaceEnrollResponse> {
    const context = await this.context(sessionId);
    // Refused before the model runs, and again in the transaction for a racing second enrolment.
    refuseEnrolment(context.session, context.enrolmentEmbedding !== null);
    const { session, threshold, referencePhoto, referenceEmbedding } = context;
    const images = snapshots.map((snapshot, index) => decodeImage(snapshot, `body/snapshots/${index}`));
    const analyzer = await this.faceAnalyzer();
    const usable = (await analyzer.describe(images)).flatMap((face) =>
      face.faces === 1 && face.embedding ? [face.embedding] : [],
    );
    // The same averaging as the client's enrolment (shared/face), so both ends compare like with like.
    const enrolment = usable.length > 0 ? averageEmbeddings(usable) : null;
    if (!enrolment) return { enrolled: false, usableSnapshots: 0, referenceSimilarity: null, referenceMatched: null };

    const reference =
      referenceEmbedding ?? (referencePhoto ? await this.embedReference(analyzer, referencePhoto) : null);
    const referenceSimilarity = reference ? analyzer.similarity(enrolment, reference) : null;
    const referenceMatched = referenceSimilarity === null ? null : referenceSimilarity >= threshold;

    await this.transaction(async (uow) => {
      const current = await this.loadOpen(uow, session.id);
      refuseEnrolment(current, false);
      const now = isoTime(this.clock());
      if (!(await uow.repositories.identity.saveEnrolmentOnce(current.id, enrolment, now)))
        refuseEnrolment(current, true);
      if (reference && !referenceEmbedding)
        await uow.repositories.identity.saveReferenceEmbedding(current.id, reference, now);
      if (referenceMatched === false) {
        await this.incidents.record(uow, {
          session: current,
          type: 'IDENTITY_MISMATCH',
          source: 'service',
          // The client's last reported recording position: the best known time of the check.
          recordingOffsetMs: current.last_recording_offset_ms,
          details: { check: 'enrolment', reason: 'reference_photo', serverSimilarity: referenceSimilarity, threshold },
        });
      }
    });
    return { enrolled: true, usableSnapshots: usable.length, referenceSimilarity, referenceMatched };
  }

  async verify(sessionId: string, request: IdentityRequest): Promise<IdentityResponse> {
    const { session, threshold, referencePhoto, referenceEmbedding, enrolmentEmbedding } =
      await this.context(sessionId);
    const analyzer = await this.faceAnalyzer();
    const reference =
      referenceEmbedding ?? (referencePhoto ? await this.embedReference(analyzer, referencePhoto) : null);
    const target = request.kind === 'reference' ? reference : (enrolmentEmbedding ?? reference);
    if (!target) {
      throw invalidState(
        request.kind === 'reference'
          ? 'The institution supplied no reference photo for this candidate'
          : 'Enrol the candidate (face-enroll) before an identity check',
      );
    }
    const images = request.snapshots.map((snapshot, index) => decodeImage(snapshot, `body/snapshots/${index}`));
    const described = await analyzer.describe(images);
    const usable = described.flatMap((face) => (face.faces === 1 && face.embedding ? [face.embedding] : []));
    const live = usable.length > 0 ? averageEmbeddings(usable) : null;
    const serverSimilarity = live ? analyzer.similarity(live, target) : null;
    const serverPassed = serverSimilarity !== null && serverSimilarity >= threshold;
    // Without a client comparison (a resumed exam's confirmation) there is nothing to disagree with.
    const clientCompared = request.clientCompared ?? true;
    const agreed = !clientCompared || serverPassed === request.clientPassed;
    // A fresh live check needs liveness; a resumed client's confirmation compares with an enrolment
    // that an earlier live check stood behind, and never counts as verifying anyone by itself.
    const livenessRequired = request.kind === 'live' && clientCompared;
    const liveness = assessLiveness(request.liveness, described);
    const passed =
      serverPassed && (!clientCompared || request.clientPassed) && (!livenessRequired || liveness.verified);
    const mismatch = !agreed ? 'disagreement' : serverSimilarity !== null && !serverPassed ? 'no_match' : null;

    await this.transaction(async (uow) => {
      const current = await this.loadOpen(uow, session.id);
      await uow.repositories.identity.insertCheck({
        id: randomUUID(),
        session_id: current.id,
        kind: request.kind,
        client_similarity: request.clientSimilarity,
        client_passed: request.clientPassed ? 1 : 0,
        server_similarity: serverSimilarity,
        server_passed: serverPassed ? 1 : 0,
        agreed: agreed ? 1 : 0,
        liveness: JSON.stringify(liveness),
        created_at: isoTime(this.clock()),
      });
      if (reference && !referenceEmbedding) {
        await uow.repositories.identity.saveReferenceEmbedding(current.id, reference, isoTime(this.clock()));
      }
      await this.checked.run({ uow, sessionId: current.id, passed });
      if (mismatch) {
        await this.incidents.record(uow, {
          session: current,
          type: 'IDENTITY_MISMATCH',
          source: 'service',
          // The client's last reported recording position: the best known time of the check.
          recordingOffsetMs: current.last_recording_offset_ms,
          details: {
            check: request.kind,
            reason: mismatch,
            serverSimilarity,
            clientSimilarity: request.clientSimilarity,
            serverPassed,
            clientPassed: request.clientPassed,
            threshold,
          },
        });
      }
    });
    return { passed, serverSimilarity, clientSimilarity: request.clientSimilarity, agreed, threshold };
  }

  private async context(sessionId: string) {
    return this.transaction(async (uow) => {
      const session = await this.loadOpen(uow, sessionId);
      const exam = await uow.repositories.exams.findById(session.exam_id);
      if (!exam) throw notFound('Exam');
      const faces = await uow.repositories.identity.findFaces(session.id);
      const parse = (value: string | null | undefined) => (value ? (JSON.parse(value) as number[]) : null);
      return {
        session,
        threshold: policyOf(exam).faceMatchThreshold,
        referencePhoto: faces?.reference_photo ?? null,
        referenceEmbedding: parse(faces?.reference_embedding),
        enrolmentEmbedding: parse(faces?.enrolment_embedding),
      };
    });
  }

  private async embedReference(analyzer: FaceAnalyzer, photo: Uint8Array): Promise<number[] | null> {
    const [description] = await analyzer.describe([photo]);
    return description?.faces === 1 ? description.embedding : null;
  }

  private async loadOpen(uow: UnitOfWork, sessionId: string): Promise<SessionRow> {
    const session = await uow.repositories.sessions.findById(sessionId);
    if (!session) throw notFound('Session');
    if (isTerminal(session.state)) throw invalidState(`Cannot check the identity of ${describeState(session)}`);
    return session;
  }
}

/** One enrolment per session, taken before the exam starts (409 with the envelope otherwise). */
function refuseEnrolment(session: SessionRow, alreadyEnrolled: boolean): void {
  if (alreadyEnrolled) {
    throw new HttpError(
      409,
      'conflict',
      'This session is already enrolled: the enrolment is never replaced (a resumed exam confirms the candidate with identity:verify)',
    );
  }
  if (session.state === 'started') throw invalidState('Cannot enrol once the exam has started');
}

export interface LivenessAssessment {
  /** The client's claim as sent (null: none was sent). */
  claimed: IdentityRequest['liveness'] | null;
  /** The service's verdict: a claim of a passed challenge that survives every check it can make. */
  verified: boolean;
  /** Why not verified, when not. */
  failures: string[];
  /** Evidence the service looked at: faces found in each frame sent. */
  facesPerFrame: number[];
  /** What the service could not check, so a reviewer knows what the verdict rests on. */
  notChecked: string[];
}

const NOT_CHECKED = [
  'head-turn: measured by the client on frames the service never receives (the frames sent face the camera)',
  'challenge side: chosen by the client, not issued by the service',
];

/** The liveness claim as evidence: missing is not verified, and an implausible claim is not believed. */
export function assessLiveness(
  claimed: IdentityRequest['liveness'],
  frames: readonly FaceDescription[],
): LivenessAssessment {
  const failures: string[] = [];
  if (!claimed) failures.push('missing: no liveness result was sent');
  else {
    if (!claimed.passed) failures.push('the client reports the challenge failed');
    const peak = claimed.peakYawDegrees;
    if (!Number.isFinite(peak) || peak < LIVENESS_TURN_DEGREES) {
      failures.push(`claimed peak turn ${peak}° is below the ${LIVENESS_TURN_DEGREES}° a passed challenge needs`);
    } else if (peak > LIVENESS_MAX_PLAUSIBLE_YAW_DEGREES) {
      failures.push(`claimed peak turn ${peak}° is beyond what a head does`);
    }
  }
  const crowded = frames.filter((frame) => frame.faces > 1).length;
  if (crowded > 0) failures.push(`${crowded} of ${frames.length} frames show more than one face`);
  return {
    claimed: claimed ?? null,
    verified: failures.length === 0,
    failures,
    facesPerFrame: frames.map((frame) => frame.faces),
    notChecked: NOT_CHECKED,
  };
}
