/** Pieces every route schema shares: the error body per status, the signing requirement, id params. */
import { z } from 'zod';
import { errorBodySchema } from '../../shared/api/errors';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429;

export function errorResponses(...statuses: ErrorStatus[]): Record<ErrorStatus, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorBodySchema])) as Record<
    ErrorStatus,
    typeof errorBodySchema
  >;
}

/** Statuses any signed route can answer with. */
export const SIGNED: ErrorStatus[] = [400, 401, 403];

export const signedWithKey = [{ SharedKey: [] }];

export const idParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });

/** Lifecycle calls carry no body (Fastify passes null) or an empty JSON object. */
export const emptyBodySchema = z.strictObject({}).nullish();
