/**
 * The seam between ROOM_CHECK and the recordings work: the recordings engineer registers a recorder
 * here (renderer/recording/), and the room check starts and stops it around the guided pan. Without
 * one, the pan still runs and is reported as not recorded.
 */
export interface RoomScanRecorder {
  start(stream: MediaStream): Promise<void>;
  /** Resolves once the recording is safely handed to the main process. */
  stop(): Promise<{ saved: boolean }>;
}

let registered: RoomScanRecorder | null = null;

export function registerRoomScanRecorder(recorder: RoomScanRecorder | null): void {
  registered = recorder;
}

export function roomScanRecorder(): RoomScanRecorder | null {
  return registered;
}
