/**
 * ROOM_CHECK (when the policy asks): a guided pan of the room with the camera, one direction at a
 * time, recorded (renderer/checks/room-scan-hook.ts). It passes only once the recording is saved:
 * every chunk acknowledged by the main process's spool. A pan nobody can review proves nothing.
 */
import { failed, passed, pending, type CheckOutcome } from './check-result';

export const ROOM_DIRECTIONS = ['front', 'left', 'behind', 'right', 'desk'] as const;
export type RoomDirection = (typeof ROOM_DIRECTIONS)[number];

export const ROOM_CHECK_RULES = {
  /** Each direction is shown for at least this long (a reviewer needs to see it). */
  minMsPerDirection: 3_000,
} as const;

export interface RoomScanState {
  shown: Partial<Record<RoomDirection, number>>;
  recording: 'idle' | 'recording' | 'saved' | 'failed' | 'unavailable';
  /** The spool's recording and the bytes it acknowledged, once saved (reported to the service). */
  recordingId?: string | null;
  recordedBytes?: number;
}

export function nextDirection(state: RoomScanState): RoomDirection | null {
  return (
    ROOM_DIRECTIONS.find((direction) => (state.shown[direction] ?? 0) < ROOM_CHECK_RULES.minMsPerDirection) ?? null
  );
}

export function evaluateRoomCheck(state: RoomScanState): CheckOutcome {
  const details = {
    directions: ROOM_DIRECTIONS.filter((d) => (state.shown[d] ?? 0) >= ROOM_CHECK_RULES.minMsPerDirection).length,
    recording: state.recording,
    ...(state.recordingId ? { recordingId: state.recordingId } : {}),
    ...(state.recordedBytes !== undefined ? { recordedBytes: state.recordedBytes } : {}),
  };
  if (state.recording === 'failed') return failed('room.recordingFailed', 'room.fix.retry', details);
  // No recorder (or it never started): failing before the pan spares the candidate a pan that cannot count.
  if (state.recording === 'unavailable' || state.recording === 'idle') {
    return failed('room.notRecorded', 'room.fix.restart', details);
  }
  const next = nextDirection(state);
  if (next) return pending(`room.show.${next}`, details);
  if (state.recording === 'recording') return pending('room.saving', details);
  return passed(details);
}
