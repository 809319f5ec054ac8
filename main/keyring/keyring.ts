/**
 * The one custody of the live session's key in memory. The session controller puts the key here at
 * launch and resume and takes it out when the session is forgotten; the signed API client, the
 * incident journal and the recordings read it from here, so no part keeps its own copy.
 */
import type { SessionKey } from './session-key';

export class Keyring {
  private key: SessionKey | null = null;

  /** The live session's key; null before launch and after the session is forgotten. */
  current(): SessionKey | null {
    return this.key;
  }

  hold(key: SessionKey | null): void {
    this.key = key ? { sessionId: key.sessionId, keyId: key.keyId, secretKey: key.secretKey } : null;
  }
}
