/**
 * The session key the launch hands out, in the one shape every part keeps it: the signed API client,
 * the tus client, the incident journal's MAC and the crash-recovery vault all read this triple.
 */
import { z } from 'zod';

export const sessionKeySchema = z.strictObject({ sessionId: z.string(), keyId: z.string(), secretKey: z.string() });
export type SessionKey = z.infer<typeof sessionKeySchema>;

/** What signs a request (SharedKeyV2): a session's key without its session, or an account key (numeric id). */
export interface SigningKey {
  keyId: string | number;
  secretKey: string;
}

/** A session's key and the service it belongs to: what the uploads of that session sign with. */
export type UploadCredentials = SessionKey & {
  /** The service's base URL, e.g. `https://exams.example.org`. */
  serviceUrl: string;
};
