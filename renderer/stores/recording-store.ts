/**
 * The exam's capture session (camera, microphone and screen) while it records: one at a time,
 * kept in a store rather than a module variable so a test can see it and reset it.
 */
import { create } from 'zustand';
import type { CaptureSession } from '../recording/capture-session';

export interface RecordingState {
  capture: CaptureSession | null;
}

export const initialRecordingState: RecordingState = { capture: null };

export const useRecordingStore = create<RecordingState>()(() => ({ ...initialRecordingState }));
