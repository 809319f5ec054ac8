/** The event bus of a single instance (SQLite): listeners hear an event right after its transaction commits. */
import type { SessionEvent } from '../../shared/api/client';
import type { UnitOfWork } from '../db/unit-of-work';
import { LocalSubscribers, type SessionEventBus, type SessionEventListener } from './session-event-bus';

export class InProcessEventBus implements SessionEventBus {
  private readonly subscribers = new LocalSubscribers();

  async publish(uow: UnitOfWork, sessionId: string, event: SessionEvent): Promise<void> {
    uow.afterCommit(() => this.subscribers.emit(sessionId, event));
  }

  subscribe(sessionId: string, listener: SessionEventListener): () => void {
    return this.subscribers.add(sessionId, listener);
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {}
}
