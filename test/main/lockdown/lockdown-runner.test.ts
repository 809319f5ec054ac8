import { describe, expect, it, vi } from 'vitest';
import { LockdownRunner, LockdownStepError } from '../../../main/lockdown/lockdown-runner';
import type { LockdownStep } from '../../../main/lockdown/lockdown-step';
import { silentLogger } from '../../../main/logger';

function step(name: string, log: string[], options: { failApply?: boolean; failRevert?: boolean } = {}): LockdownStep {
  return {
    name,
    async apply() {
      log.push(`apply ${name}`);
      if (options.failApply) throw new Error(`${name} refused`);
    },
    async revert() {
      log.push(`revert ${name}`);
      if (options.failRevert) throw new Error(`${name} stuck`);
    },
  };
}

describe('LockdownRunner', () => {
  it('applies in order and reverts in reverse order', async () => {
    const log: string[] = [];
    const runner = new LockdownRunner([step('a', log), step('b', log), step('c', log)], silentLogger);
    await runner.apply();
    expect(runner.engaged).toBe(true);
    expect(runner.appliedSteps).toEqual(['a', 'b', 'c']);
    await runner.revert();
    expect(log).toEqual(['apply a', 'apply b', 'apply c', 'revert c', 'revert b', 'revert a']);
    expect(runner.engaged).toBe(false);
  });

  it('a failing apply reverts what was applied (the failing step too) and says which step failed', async () => {
    const log: string[] = [];
    const runner = new LockdownRunner(
      [step('a', log), step('b', log, { failApply: true }), step('c', log)],
      silentLogger,
    );
    const error = await runner.apply().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockdownStepError);
    expect((error as LockdownStepError).step).toBe('b');
    expect(log).toEqual(['apply a', 'apply b', 'revert b', 'revert a']);
    expect(runner.engaged).toBe(false);
  });

  it('a step that fails to revert is logged and the others are still reverted', async () => {
    const log: string[] = [];
    const logger = { ...silentLogger, error: vi.fn() };
    const runner = new LockdownRunner([step('a', log), step('b', log, { failRevert: true }), step('c', log)], logger);
    await runner.apply();
    await runner.revert();
    expect(log.slice(3)).toEqual(['revert c', 'revert b', 'revert a']);
    expect(logger.error).toHaveBeenCalledWith('lockdown step failed to revert', expect.objectContaining({ step: 'b' }));
  });

  it('a revert asked for during a slow apply waits for it and then undoes everything', async () => {
    const log: string[] = [];
    let release!: () => void;
    const slow: LockdownStep = {
      name: 'slow',
      apply: () => new Promise<void>((resolve) => (release = () => (log.push('apply slow'), resolve()))),
      revert: async () => void log.push('revert slow'),
    };
    const runner = new LockdownRunner([step('a', log), slow], silentLogger);
    const applying = runner.apply();
    const reverting = runner.revert();
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    release();
    await applying;
    await reverting;
    expect(log).toEqual(['apply a', 'apply slow', 'revert slow', 'revert a']);
  });

  it('applying twice does not stack steps', async () => {
    const log: string[] = [];
    const runner = new LockdownRunner([step('a', log)], silentLogger);
    await runner.apply();
    await runner.apply();
    expect(log).toEqual(['apply a']);
  });
});
