/**
 * ROOM_CHECK (when the policy asks): a guided pan of the room with the camera, one direction at a
 * time. The recording itself belongs to the recordings work (renderer/checks/room-scan-hook.ts).
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
  };
  if (state.recording === 'failed') return failed('room.recordingFailed', 'room.fix.retry', details);
  const next = nextDirection(state);
  if (next) return pending(`room.show.${next}`, details);
  if (state.recording === 'recording') return pending('room.saving', details);
  return passed(details);
}
