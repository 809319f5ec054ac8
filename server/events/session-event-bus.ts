/**
 * Pushes session events (state changes, auth scores) to whichever instance holds the client's
 * event stream. Events are published as part of a unit of work and leave only when it commits, so
 * a client never hears of a change that rolled back. In-process on SQLite (one instance);
 * PostgreSQL LISTEN/NOTIFY when several instances share a PostgreSQL database.
 */
import type { SessionEvent } from '../../shared/api/client';
import type { UnitOfWork } from '../db/unit-of-work';

export interface SessionEventListener {
  onEvent(event: SessionEvent): void;
  /** Events may have been missed (the bus lost its connection): re-read the session and resend it. */
  onResync(): void;
}

export interface SessionEventBus {
  /** Sends `event` to the session's listeners on every instance once `uow` commits. */
  publish(uow: UnitOfWork, sessionId: string, event: SessionEvent): Promise<void>;
  /** Listens on this instance; returns the function that stops listening. */
  subscribe(sessionId: string, listener: SessionEventListener): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** This instance's listeners, by session. */
export class LocalSubscribers {
  private readonly bySession = new Map<string, Set<SessionEventListener>>();

  add(sessionId: string, listener: SessionEventListener): () => void {
    let listeners = this.bySession.get(sessionId);
    if (!listeners) {
      listeners = new Set();
      this.bySession.set(sessionId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.bySession.delete(sessionId);
    };
  }

  emit(sessionId: string, event: SessionEvent): void {
    for (const listener of [...(this.bySession.get(sessionId) ?? [])]) listener.onEvent(event);
  }

  resync(sessionId: string): void {
    for (const listener of [...(this.bySession.get(sessionId) ?? [])]) listener.onResync();
  }

  resyncAll(): void {
    for (const sessionId of [...this.bySession.keys()]) this.resync(sessionId);
  }

  get size(): number {
    let size = 0;
    for (const listeners of this.bySession.values()) size += listeners.size;
    return size;
  }
}
