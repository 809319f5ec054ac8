/** All repositories over one executor: the database, or a transaction so several writes commit together. */
import type { SqlEngine } from '../db/dialect';
import type { Db } from '../db/schema';
import { AccountRepository } from './account-repository';
import { ExamRepository } from './exam-repository';
import { IdentityRepository } from './identity-repository';
import { IncidentRepository } from './incident-repository';
import { NonceRepository } from './nonce-repository';
import { SessionRepository } from './session-repository';
import { WebhookOutboxRepository } from './webhook-outbox-repository';

export interface Repositories {
  accounts: AccountRepository;
  exams: ExamRepository;
  sessions: SessionRepository;
  incidents: IncidentRepository;
  nonces: NonceRepository;
  identity: IdentityRepository;
  webhookOutbox: WebhookOutboxRepository;
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
  };
}
