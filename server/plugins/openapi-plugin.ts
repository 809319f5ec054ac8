/** OpenAPI at GET /openapi.json, from the route table (shared/api/routes): defineRoute gives each route its entry's schemas and words. */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { markOptionalBodies, type OpenApiPathsLike } from '../lib/openapi-optional-bodies';

export const openApiPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Vigil exam service',
          version: '1',
          description:
            'Institution routes are signed with the account key (SharedKeyV2; StartExam SharedKey only where the account allows it, each signature once); client routes with the session key from POST /v1/client/launch (SharedKeyV2). SharedKeyV2 signs method, path, canonical query, Host, Date, length, body SHA-256 and nonce: see docs/service.md, Authentication.',
        },
        components: {
          securitySchemes: {
            SharedKey: {
              type: 'apiKey',
              in: 'header',
              name: 'Authorization',
              description: 'SharedKey <AccountId>:<Base64 HMAC-SHA256> or SharedKeyV2 <KeyId>:<Base64 HMAC-SHA256>',
            },
            ConsoleSession: {
              type: 'apiKey',
              in: 'cookie',
              name: '__Host-vigil_console',
              description:
                'The staff console session cookie from POST /console/api/sign-in (vigil_console on plain-http loopback); state-changing requests also send X-CSRF-Token from GET /console/api/me',
            },
          },
        },
      },
      transform: jsonSchemaTransform,
      // Bodies a call may leave out are not `required` (the plugin marks every declared body required).
      transformObject: (documentObject) =>
        'openapiObject' in documentObject
          ? markOptionalBodies(documentObject.openapiObject as OpenApiPathsLike, Object.values(apiRoutes))
          : documentObject.swaggerObject,
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'vigil-openapi' },
);
