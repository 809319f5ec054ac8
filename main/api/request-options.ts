/** Vigil's per-request options, carried on axios's config so interceptors can read them. */
import 'axios';

/** No account key ever signs from a candidate machine (issue 10): the session key, or nothing. */
export type RequestAuth = 'session' | 'none';

export interface VigilRequestOptions {
  /** Which key signs the request; `none` for the launch call (the launch code is the credential). */
  auth: RequestAuth;
  /** Safe to send twice: GET/HEAD, or a POST the service de-duplicates (incidents carry clientIds). */
  idempotent?: boolean;
  /** Overrides the client's retry count (the incident queue retries on its own schedule: 0). */
  retries?: number;
  /** Retries already made for this request (set by the retry interceptor). */
  attempt?: number;
  /** Set once the request was retried after a clock_skew refusal, so it is retried only once. */
  skewRetried?: boolean;
  /** Local time the request left, for the clock offset's round-trip midpoint. */
  sentAt?: number;
  /** The launch's code: its answer is MAC-checked with the key derived from it (response-mac-interceptor). */
  launchCode?: string;
  /** Set on a request whose answer's MAC is checked (session-key calls and the launch). */
  verifyMac?: boolean;
}

declare module 'axios' {
  interface AxiosRequestConfig {
    vigil?: VigilRequestOptions;
  }
}
