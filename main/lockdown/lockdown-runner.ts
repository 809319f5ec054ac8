/**
 * Applies lockdown steps in order and reverts them in reverse order. A step that fails to apply
 * reverts everything applied before it, so the machine is never left half locked; a step that fails
 * to revert is logged and the others are still reverted.
 */
import type { Logger } from '../logger';
import type { LockdownStep } from './lockdown-step';

export class LockdownStepError extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`Lockdown step "${step}" failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'LockdownStepError';
  }
}

export class LockdownRunner {
  private readonly applied: LockdownStep[] = [];
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly steps: readonly LockdownStep[],
    private readonly log: Logger,
  ) {}

  get appliedSteps(): string[] {
    return this.applied.map((step) => step.name);
  }

  get engaged(): boolean {
    return this.applied.length > 0;
  }

  apply(): Promise<void> {
    return this.serialize(async () => {
      if (this.applied.length > 0) return;
      for (const step of this.steps) {
        try {
          await step.apply();
          this.applied.push(step);
        } catch (error) {
          this.applied.push(step); // a partial apply is reverted too
          await this.revertAll();
          throw new LockdownStepError(step.name, error);
        }
      }
    });
  }

  revert(): Promise<void> {
    return this.serialize(() => this.revertAll());
  }

  private async revertAll(): Promise<void> {
    while (this.applied.length > 0) {
      const step = this.applied.pop()!;
      try {
        await step.revert();
      } catch (error) {
        this.log.error('lockdown step failed to revert', { step: step.name, error: String(error) });
      }
    }
  }

  /** apply and revert never interleave (a quit during a slow apply waits for it, then undoes it). */
  private serialize(task: () => Promise<void>): Promise<void> {
    const next = this.running.then(task);
    this.running = next.catch(() => undefined);
    return next;
  }
}
