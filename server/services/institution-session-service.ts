/** The institution's view of its candidate sessions, and the actions it may take on them. */
import type { Incident, Session } from '../../shared/api/sessions';
import type { SessionRow } from '../db/schema';
import type { TransactionRunner } from '../db/unit-of-work';
import { notFound } from '../lib/http-error';
import type { Repositories } from '../repositories/index';
import { presentIncident, presentSession } from '../presenters/api-presenters';
import type { SessionLifecycle } from './session-lifecycle';

export type InstitutionAction = 'approve' | 'dismiss' | 'close';

export class InstitutionSessionService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly lifecycle: SessionLifecycle,
  ) {}

  async get(accountId: number, sessionId: string): Promise<Session> {
    return this.transaction(async ({ repositories }) =>
      this.present(repositories, await this.load(repositories, accountId, sessionId)),
    );
  }

  async incidents(accountId: number, sessionId: string): Promise<{ incidents: Incident[]; preview: boolean }> {
    return this.transaction(async ({ repositories }) => {
      const session = await this.load(repositories, accountId, sessionId);
      const incidents = (await repositories.incidents.listForSession(session.id)).map(presentIncident);
      return { incidents, preview: session.preview === 1 };
    });
  }

  async act(accountId: number, sessionId: string, action: InstitutionAction, reason?: string): Promise<Session> {
    return this.transaction(async (uow) => {
      const session = await this.load(uow.repositories, accountId, sessionId);
      const moved = await this.lifecycle.transition(uow, session, action, {
        source: 'institution',
        reason,
        // The institution acts at a time, not at an incident: the client's last reported position is the best known.
        recordingOffsetMs: session.last_recording_offset_ms,
      });
      return this.present(uow.repositories, moved);
    });
  }

  private async load(repositories: Repositories, accountId: number, sessionId: string): Promise<SessionRow> {
    // Another account's session is "not found": its existence is not this account's business.
    const session = await repositories.sessions.findForAccount(accountId, sessionId);
    if (!session) throw notFound('Session');
    return session;
  }

  private async present(repositories: Repositories, session: SessionRow): Promise<Session> {
    return presentSession(session, await repositories.incidents.countBySeverity(session.id));
  }
}
