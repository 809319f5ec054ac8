/**
 * The seam between ROOM_CHECK and the recordings work: the app registers a recorder at start-up
 * (renderer/recording/room-scan-recording.ts, from renderer/actions/app-actions.ts), and the room
 * check starts and stops it around the guided pan. Without one the room check cannot pass.
 */
export interface RoomScanResult {
  /** Every chunk was acknowledged by the main process's spool and the recording was closed. */
  saved: boolean;
  /** The spool's id for the recording (the service lists it under the same id once uploaded). */
  recordingId?: string | null;
  /** Bytes the spool acknowledged. */
  bytes?: number;
}

export interface RoomScanRecorder {
  start(stream: MediaStream): Promise<void>;
  /** Resolves once the recording is safely handed to the main process (or it is clear it was not). */
  stop(): Promise<RoomScanResult>;
}

let registered: RoomScanRecorder | null = null;

export function registerRoomScanRecorder(recorder: RoomScanRecorder | null): void {
  registered = recorder;
}

export function roomScanRecorder(): RoomScanRecorder | null {
  return registered;
}
