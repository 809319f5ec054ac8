/**
 * The repositories over the database (`app.repositories`), and transactions that hand the same
 * repositories over one transaction (`app.transaction`).
 */
import fp from 'fastify-plugin';
import { createTransactionRunner, type TransactionRunner } from '../../db/unit-of-work';
import { createRepositories, type Repositories } from '../../repositories/index';

declare module 'fastify' {
  interface FastifyInstance {
    repositories: Repositories;
    transaction: TransactionRunner;
  }
}

export const repositoriesPlugin = fp(
  async (app) => {
    const { db, engine } = app.database;
    app.decorate('repositories', createRepositories(db, engine));
    app.decorate(
      'transaction',
      createTransactionRunner(db, engine, (error) => app.log.error({ err: error }, 'after-commit callback failed')),
    );
  },
  { name: 'vigil-repositories', dependencies: ['vigil-database'] },
);
