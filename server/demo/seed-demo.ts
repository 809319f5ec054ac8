/**
 * The demo institution, exam and candidate for `npm start`: created when missing, reused when there.
 * Each call hands out a fresh launch code for a session nobody has launched yet (making a new
 * session when the last one was used), so the demo can be started again and again.
 */
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { examPolicySchema } from '../../shared/policy';
import { DEMO_EXAM_PATH } from '../routes/demo-exam-routes';

export const DEMO_ACCOUNT_NAME = 'Vigil demo institution';
export const DEMO_EXAM_TITLE = 'Vigil demo exam';

export interface DemoOptions {
  /** How the client reaches this service, e.g. http://127.0.0.1:8080; the demo exam page lives under it. */
  publicBaseUrl: string;
}

export interface DemoSeed {
  accountId: number;
  /** Only when this call created the account: the secret is never readable again. */
  secretKey?: string;
  examId: string;
  sessionId: string;
  launchCode: string;
  launchUrl: string;
  expiresAt: string;
}

const demoStartUrl = (publicBaseUrl: string) => `${publicBaseUrl.replace(/\/+$/, '')}${DEMO_EXAM_PATH}`;

async function createDemoExam(app: FastifyInstance, accountId: number, publicBaseUrl: string) {
  const exam = await app.services.exams.createExam(
    accountId,
    {
      title: DEMO_EXAM_TITLE,
      mode: 'recording',
      durationMinutes: 30,
      allowedUrls: [],
      // A plain browser preview may take the demo; nothing is approved by hand.
      policy: examPolicySchema.parse({ allowPreview: true, autoApprove: true }),
    },
    demoStartUrl(publicBaseUrl),
  );
  return app.repositories.exams.findById(exam.id);
}

export async function ensureDemo(app: FastifyInstance, options: DemoOptions): Promise<DemoSeed> {
  const { services, repositories } = app;
  let account = await repositories.accounts.findByName(DEMO_ACCOUNT_NAME);
  let secretKey: string | undefined;
  if (!account) {
    const created = await services.accounts.create({ name: DEMO_ACCOUNT_NAME });
    secretKey = created.secretKey;
    account = await repositories.accounts.findById(created.accountId);
    if (!account) throw new Error('The demo account vanished right after it was created');
  }

  let exam =
    (await repositories.exams.findByTitle(account.id, DEMO_EXAM_TITLE)) ??
    (await createDemoExam(app, account.id, options.publicBaseUrl));
  if (!exam) throw new Error('The demo exam vanished right after it was created');
  // The service may listen elsewhere than last time: the demo page must be this service's.
  if (exam.start_url !== demoStartUrl(options.publicBaseUrl)) {
    exam = (await repositories.exams.updateStartUrl(exam.id, demoStartUrl(options.publicBaseUrl))) ?? exam;
  }

  const unused = await repositories.sessions.findUnlaunched(exam.id);
  const issued = unused
    ? await app.transaction((uow) => services.exams.issueLaunchCode(uow, unused))
    : await services.exams.createSession(exam, {
        externalUserId: `demo-candidate-${randomUUID().slice(0, 8)}`,
        userName: 'Demo Candidate',
      });
  return {
    accountId: account.id,
    ...(secretKey ? { secretKey } : {}),
    examId: exam.id,
    sessionId: issued.sessionId,
    launchCode: issued.launchCode,
    launchUrl: issued.launchUrl,
    expiresAt: issued.expiresAt,
  };
}
