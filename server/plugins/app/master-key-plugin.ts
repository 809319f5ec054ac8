/** Unseals the master key (given, or `<dataDir>/master.key`) into the box every stored secret goes through (`app.secrets`). */
import fp from 'fastify-plugin';
import { loadMasterKey } from '../../crypto/master-key';
import { SecretBox } from '../../crypto/secret-box';
import type {} from './app-instance'; // the instance's decorations

export interface MasterKeyPluginOptions {
  dataDir: string;
  masterKey?: string | undefined;
}

export const masterKeyPlugin = fp<MasterKeyPluginOptions>(
  async (app, options) => {
    app.decorate('secrets', new SecretBox(loadMasterKey(options.dataDir, options.masterKey).key));
  },
  { name: 'vigil-master-key' },
);
