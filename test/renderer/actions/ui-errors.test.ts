/** The one way an error reaches the candidate: a catalog message in the app store's `error`. */
import { beforeEach, describe, expect, it } from 'vitest';
import { clearError, showError, toUiError } from '../../../renderer/actions/ui-errors';
import { initialAppState, useAppStore } from '../../../renderer/stores/app-store';

beforeEach(() => {
  useAppStore.setState({ ...initialAppState });
});

describe('showError', () => {
  it('shows a refused bridge call by its message', () => {
    showError({ code: 'invalid_state', message: 'The session is stopped' });
    expect(useAppStore.getState().error).toEqual({
      key: 'error.bridge',
      params: { message: 'The session is stopped' },
    });
  });

  it('passes a catalog message with its parameters as it is', () => {
    showError({ key: 'error.faceEngine', params: { message: 'no WebGL' } });
    expect(useAppStore.getState().error).toEqual({ key: 'error.faceEngine', params: { message: 'no WebGL' } });
  });

  it('falls back to the generic message for anything without one', () => {
    expect(toUiError(undefined)).toEqual({ key: 'error.generic' });
    expect(toUiError({ message: '  ' })).toEqual({ key: 'error.generic' });
    // A key outside the catalog is not a message the candidate could read.
    expect(toUiError({ key: 'no.such.key' })).toEqual({ key: 'error.generic' });
  });

  it('is cleared by clearError', () => {
    showError(new Error('boom'));
    clearError();
    expect(useAppStore.getState().error).toBeNull();
  });
});
