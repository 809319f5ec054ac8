/**
 * The repositories over the database (`app.repositories`), and transactions that hand the same
 * repositories over one transaction (`app.transaction`).
 */
import fp from 'fastify-plugin';
import { createTransactionRunner } from '../../db/unit-of-work';
import { createRepositories } from '../../repositories/index';
import type {} from './app-instance'; // the instance's decorations

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
