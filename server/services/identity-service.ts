/**
 * Face enrolment and identity checks. The service does not trust the client: it recomputes each
 * match from the snapshots with its own FaceAnalyzer, stores both results, and records
 * IDENTITY_MISMATCH when the face does not match or when its result and the client's disagree.
 */
import { randomUUID } from 'node:crypto';
import type { FaceEnrollResponse, IdentityRequest, IdentityResponse } from '../../shared/api/client';
import { averageEmbeddings } from '../../shared/face/embedding-math';
import type { SessionRow } from '../db/schema';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work';
import type { FaceAnalyzer } from '../face/face-analyzer-types';
import { invalidState, notFound } from '../lib/http-error';
import { decodeImage } from '../lib/images';
import { isoTime, type Clock } from '../lib/time';
import { policyOf } from '../presenters/api-presenters';
import type { IncidentService } from './incident-service';
import { describeState, isTerminal } from './session-lifecycle';

/** Runs inside the check's transaction after it is stored (the auth score counts passed checks). */
export type IdentityCheckHook = (event: { uow: UnitOfWork; sessionId: string; passed: boolean }) => Promise<void>;

export class IdentityService {
  readonly onChecked: IdentityCheckHook[] = [];

  constructor(
    private readonly transaction: TransactionRunner,
    private readonly incidents: IncidentService,
    private readonly faceAnalyzer: () => Promise<FaceAnalyzer>,
    private readonly clock: Clock,
  ) {}

  async enroll(sessionId: string, snapshots: string[]): Promise<FaceEnrollResponse> {
    const { session, threshold, referencePhoto, referenceEmbedding } = await this.context(sessionId);
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
      const now = isoTime(this.clock());
      await uow.repositories.identity.saveEnrolment(current.id, enrolment, now);
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
    const usable = (await analyzer.describe(images)).flatMap((face) =>
      face.faces === 1 && face.embedding ? [face.embedding] : [],
    );
    const live = usable.length > 0 ? averageEmbeddings(usable) : null;
    const serverSimilarity = live ? analyzer.similarity(live, target) : null;
    const serverPassed = serverSimilarity !== null && serverSimilarity >= threshold;
    // Without a client comparison (a resumed exam's confirmation) there is nothing to disagree with.
    const clientCompared = request.clientCompared ?? true;
    const agreed = !clientCompared || serverPassed === request.clientPassed;
    const livenessPassed = request.liveness?.passed ?? true;
    const passed = serverPassed && (!clientCompared || request.clientPassed) && livenessPassed;
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
        liveness: request.liveness ? JSON.stringify(request.liveness) : null,
        created_at: isoTime(this.clock()),
      });
      if (reference && !referenceEmbedding) {
        await uow.repositories.identity.saveReferenceEmbedding(current.id, reference, isoTime(this.clock()));
      }
      for (const hook of this.onChecked) await hook({ uow, sessionId: current.id, passed });
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
