/**
 * What screen readers hear: one polite status line (progress, guidance) and one assertive alert line
 * (failures). Repeating the same guidance does not re-announce it.
 */
import { create } from 'zustand';

export interface AnnouncerState {
  status: string;
  alert: string;
}

export const useAnnouncerStore = create<AnnouncerState>()(() => ({ status: '', alert: '' }));

export function announce(text: string, kind: 'status' | 'alert' = 'status'): void {
  if (useAnnouncerStore.getState()[kind] === text) return;
  useAnnouncerStore.setState({ [kind]: text } as Pick<AnnouncerState, typeof kind>);
}
