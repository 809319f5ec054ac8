/**
 * One reversible piece of the lockdown (Safe Exam Browser's IOperation): `apply` when the exam starts,
 * `revert` when it ends, crashes or is quit. `revert` must be safe to call after a partial `apply`.
 */
export interface LockdownStep {
  readonly name: string;
  apply(): Promise<void>;
  revert(): Promise<void>;
}
