/**
 * One transaction with its repositories, plus callbacks to run once it has committed
 * (waking the webhook dispatcher, pushing events): nothing outside the database sees a write
 * that might still roll back.
 */
import type { SqlEngine } from './dialect';
import type { Db, Tx } from './schema';
import { createRepositories, type Repositories } from '../repositories/index';

export interface UnitOfWork {
  trx: Tx;
  repositories: Repositories;
  afterCommit(callback: () => void): void;
}

export type TransactionRunner = <T>(work: (uow: UnitOfWork) => Promise<T>) => Promise<T>;

export function createTransactionRunner(
  db: Db,
  engine: SqlEngine,
  onCallbackError: (error: unknown) => void,
): TransactionRunner {
  return async (work) => {
    const callbacks: Array<() => void> = [];
    const result = await db.transaction().execute((trx) =>
      work({
        trx,
        repositories: createRepositories(trx, engine),
        afterCommit: (callback) => callbacks.push(callback),
      }),
    );
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        onCallbackError(error);
      }
    }
    return result;
  };
}
