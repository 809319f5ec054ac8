/**
 * The domain services on `app.services`, built over the repositories, the master key, the clock
 * and the session event bus. The violation rules subscribe here to the incidents and identity
 * checks they react to; the background jobs (background-jobs-plugin.ts) are not services.
 */
import fp from 'fastify-plugin';
import type { FaceAnalyzer } from '../../face/face-analyzer-types';
import { lazyFaceAnalyzer } from '../../face/load-face-analyzer';
import { AccountService } from '../../services/account-service';
import { AuditService } from '../../services/audit-service';
import { ConsoleSessionService } from '../../services/console-session-service';
import { SignInService } from '../../services/sign-in-service';
import { StaffService } from '../../services/staff-service';
import { AuthScoreService } from '../../services/auth-score-service';
import { ClientSessionService } from '../../services/client-session-service';
import { DEFAULT_LAUNCH_CODE_TTL_MS, ExamService } from '../../services/exam-service';
import { IdentityService } from '../../services/identity-service';
import { IncidentService } from '../../services/incident-service';
import { InstitutionSessionService } from '../../services/institution-session-service';
import { LaunchService } from '../../services/launch-service';
import { QuitPasswordService } from '../../services/quit-password-service';
import { SessionLifecycle } from '../../services/session-lifecycle';
import { ViolationRules } from '../../services/violation-rules';
import type {} from './app-instance'; // the instance's decorations

export interface ServicesPluginOptions {
  /** Face recognition; by default server/face/face-analyzer.ts, loaded on first use. */
  faceAnalyzer?: FaceAnalyzer | undefined;
  launchCodeTtlMs?: number | undefined;
}

export interface VigilServices {
  accounts: AccountService;
  exams: ExamService;
  incidents: IncidentService;
  lifecycle: SessionLifecycle;
  scores: AuthScoreService;
  launches: LaunchService;
  clientSessions: ClientSessionService;
  institutionSessions: InstitutionSessionService;
  identity: IdentityService;
  /** Each session's own quit password (the institution reads it, the approved client gets its verifier). */
  quitPasswords: QuitPasswordService;
  faceAnalyzer: () => Promise<FaceAnalyzer>;
  /** The staff console: audit log, console sessions, staff users and password sign-in. */
  audit: AuditService;
  consoleSessions: ConsoleSessionService;
  staff: StaffService;
  signIn: SignInService;
}

export const servicesPlugin = fp<ServicesPluginOptions>(
  async (app, options) => {
    const { repositories, transaction, secrets, clock, sessionEvents } = app;
    const incidents = new IncidentService(clock);
    const lifecycle = new SessionLifecycle(incidents, clock, sessionEvents);
    const scores = new AuthScoreService(incidents, sessionEvents);
    const faceAnalyzer = lazyFaceAnalyzer(options.faceAnalyzer);
    const identity = new IdentityService(transaction, incidents, faceAnalyzer, clock);
    const violations = new ViolationRules(lifecycle, scores);
    violations.subscribeTo(incidents, identity);
    const quitPasswords = new QuitPasswordService(repositories, secrets);
    const audit = new AuditService(clock);
    const consoleSessions = new ConsoleSessionService(repositories, clock);

    app.decorate('services', {
      accounts: new AccountService(repositories, secrets, clock),
      exams: new ExamService(transaction, clock, options.launchCodeTtlMs ?? DEFAULT_LAUNCH_CODE_TTL_MS),
      incidents,
      lifecycle,
      scores,
      launches: new LaunchService(transaction, incidents, secrets, clock),
      clientSessions: new ClientSessionService(transaction, lifecycle, incidents, scores, clock, quitPasswords),
      institutionSessions: new InstitutionSessionService(transaction, lifecycle),
      identity,
      quitPasswords,
      faceAnalyzer,
      audit,
      consoleSessions,
      staff: new StaffService(transaction, audit, consoleSessions, clock),
      signIn: new SignInService(transaction, audit, consoleSessions, clock),
    });
  },
  {
    name: 'vigil-services',
    dependencies: ['vigil-clock', 'vigil-master-key', 'vigil-repositories', 'vigil-session-events'],
  },
);
