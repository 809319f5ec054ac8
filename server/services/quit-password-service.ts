/**
 * The proctor's quit password, one per session: made on first need, kept sealed for the
 * institution (GET /v1/sessions/:id/quit-password), and only its scrypt verifier goes to the
 * client, and only once the session is approved (QUIT_PASSWORD_STATES). Works outside any
 * transaction: the scrypt derivation takes a while and must not hold a session's row.
 */
import type { SessionState } from '../../shared/session-states';
import { generateQuitPassword, hashQuitPassword } from '../crypto/quit-password';
import type { SecretBox } from '../crypto/secret-box';
import type { SessionRow } from '../db/schema';
import { notFound } from '../lib/http-error';
import type { Repositories } from '../repositories/index';

/** States in which the client holds the lockdown (or is about to) and may need the verifier. */
export const QUIT_PASSWORD_STATES: readonly SessionState[] = ['approved', 'started'];

export function mayHoldQuitVerifier(state: SessionState): boolean {
  return QUIT_PASSWORD_STATES.includes(state);
}

export class QuitPasswordService {
  constructor(
    private readonly repositories: Repositories,
    private readonly secrets: SecretBox,
  ) {}

  /** The session with its quit password set; of two racing calls the first stored one wins. */
  async ensure(session: SessionRow): Promise<SessionRow> {
    if (session.quit_password_verifier && session.quit_password_ciphertext) return session;
    const password = generateQuitPassword();
    const verifier = await hashQuitPassword(password);
    const stored = await this.repositories.sessions.setQuitPasswordIfUnset(session.id, {
      quit_password_ciphertext: this.secrets.seal(password, 'quit-password'),
      quit_password_verifier: verifier,
    });
    return stored ?? (await this.repositories.sessions.findById(session.id)) ?? session;
  }

  /** The verifier for a client, or undefined while the session is not approved. */
  async verifierFor(sessionId: string): Promise<string | undefined> {
    const session = await this.repositories.sessions.findById(sessionId);
    if (!session || !mayHoldQuitVerifier(session.state)) return undefined;
    return (await this.ensure(session)).quit_password_verifier ?? undefined;
  }

  /** The proctor's GET /v1/sessions/:id/quit-password; another account's session is "not found". */
  async forAccount(accountId: number, sessionId: string): Promise<{ sessionId: string; quitPassword: string }> {
    const session = await this.repositories.sessions.findForAccount(accountId, sessionId);
    if (!session) throw notFound('Session');
    return { sessionId: session.id, quitPassword: await this.password(session) };
  }

  private async password(session: SessionRow): Promise<string> {
    const sealed = (await this.ensure(session)).quit_password_ciphertext;
    if (!sealed) throw new Error(`Session ${session.id} has no quit password`);
    return this.secrets.open(sealed, 'quit-password');
  }
}
