/** The part of the bridge recording uses; the exam shell's actions pass `bridge()` in. */
import type { VigilBridge } from '../../shared/ipc/bridge';

export type RecordingBridge = Pick<VigilBridge, 'invoke' | 'on'>;
