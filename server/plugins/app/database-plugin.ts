/**
 * Opens the database (SQLite in the data directory, or PostgreSQL) and runs its migrations
 * (`app.database`). Registered first, so it closes last: after every part that still writes.
 */
import fp from 'fastify-plugin';
import { openDatabase } from '../../db/database';
import type { SqlEngine } from '../../db/dialect';
import type { Db } from '../../db/schema';
import type {} from './app-instance'; // the instance's decorations

export interface DatabasePluginOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
}

export interface ServiceDatabase {
  db: Db;
  engine: SqlEngine;
  /** The SQLite file or the PostgreSQL URL without its password. */
  location: string;
}

export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, options) => {
    const opened = await openDatabase({
      dataDir: options.dataDir,
      databaseUrl: options.databaseUrl,
      onConnectionError: (error) => app.log.warn({ err: error }, 'a pooled PostgreSQL connection died; it is replaced'),
    });
    app.decorate('database', { db: opened.db, engine: opened.engine, location: opened.location });
    app.addHook('onClose', () => opened.close());
  },
  { name: 'vigil-database' },
);
