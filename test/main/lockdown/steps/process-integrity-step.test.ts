import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../main/core/bridge-error';
import { createProcessIntegrityStep } from '../../../../main/lockdown/steps/process-integrity-step';

describe('process integrity step', () => {
  it('passes a clean process and refuses one started for debugging', async () => {
    const clean = createProcessIntegrityStep(() => ({ argv: ['/opt/Vigil/vigil'], env: {} }));
    await clean.apply();
    await clean.revert();

    const debugged = createProcessIntegrityStep(() => ({
      argv: ['/opt/Vigil/vigil', '--remote-debugging-port=9222'],
      env: { NODE_OPTIONS: '--require evil.js' },
    }));
    const error = (await debugged.apply().catch((e: unknown) => e)) as BridgeError;
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.code).toBe('integrity');
    expect(error.message).toContain('--remote-debugging-port');
    expect(error.message).toContain('NODE_OPTIONS');
  });
});
