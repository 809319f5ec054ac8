/**
 * The face pipeline's numbers, shared by the renderer's worker and the service's recompute so both ends
 * decide alike. Measured with Human 3.3.6 (wasm) on ../shared/fixtures; see docs/identity.md.
 */

/**
 * A detection counts as a face only at or above this box score. Real faces in the fixtures score ≥ 0.70;
 * `person-b.mjpeg` yields a spurious second box at ≈ 0.3 with Human's default minConfidence of 0.2.
 */
export const FACE_BOX_SCORE_MIN = 0.5;

/** Human keeps detections down to this score, so a second (spurious or real) face is seen and then judged. */
export const DETECTOR_MIN_CONFIDENCE = 0.2;

/** At most this many faces are detected per frame: enough to say "more than one". */
export const MAX_FACES_DETECTED = 5;

/** Good frames averaged into one enrolment embedding (the README's measurement used 5–6). */
export const ENROLMENT_FRAME_COUNT = 6;
export const MIN_ENROLMENT_FRAMES = 5;

/**
 * The head-turn challenge: a turn of at least this many degrees towards the asked side (renderer's
 * liveness-rules) counts. The service refuses a claimed peak below it, or beyond what a head does.
 */
export const LIVENESS_TURN_DEGREES = 10;
export const LIVENESS_MAX_PLAUSIBLE_YAW_DEGREES = 90;

/** Default for the policy's `faceMatchThreshold`: genuine pairs scored ≥ 0.73, impostors ≤ 0.39 with averaged enrolment. */
export const DEFAULT_FACE_MATCH_THRESHOLD = 0.5;
