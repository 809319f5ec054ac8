/** All repositories over one executor: the database, or a transaction so several writes commit together. */
import type { SqlEngine } from '../db/dialect';
import type { Db } from '../db/schema';
import { AccountRepository } from './account-repository';
import { AuditLogRepository } from './audit-log-repository';
import { ConsoleSessionRepository } from './console-session-repository';
import { ExamRepository } from './exam-repository';
import { IdentityRepository } from './identity-repository';
import { IncidentRepository } from './incident-repository';
import { NonceRepository } from './nonce-repository';
import { SessionRepository } from './session-repository';
import { SignInFailureRepository } from './sign-in-failure-repository';
import { StaffRepository } from './staff-repository';
import { WebhookOutboxRepository } from './webhook-outbox-repository';

export interface Repositories {
  accounts: AccountRepository;
  exams: ExamRepository;
  sessions: SessionRepository;
  incidents: IncidentRepository;
  nonces: NonceRepository;
  identity: IdentityRepository;
  webhookOutbox: WebhookOutboxRepository;
  staff: StaffRepository;
  consoleSessions: ConsoleSessionRepository;
  signInFailures: SignInFailureRepository;
  auditLog: AuditLogRepository;
}

export function createRepositories(db: Db, engine: SqlEngine): Repositories {
  return {
    accounts: new AccountRepository(db),
    exams: new ExamRepository(db),
    sessions: new SessionRepository(db, engine),
    incidents: new IncidentRepository(db),
    nonces: new NonceRepository(db),
    identity: new IdentityRepository(db),
    webhookOutbox: new WebhookOutboxRepository(db, engine),
    staff: new StaffRepository(db),
    consoleSessions: new ConsoleSessionRepository(db),
    signInFailures: new SignInFailureRepository(db),
    auditLog: new AuditLogRepository(db),
  };
}
