/** An error that already knows its HTTP status and stable code (shared/api/errors.ts). */
import type { ErrorCode } from '../../shared/api/errors';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const invalidState = (message: string) => new HttpError(409, 'invalid_state', message);
export const gone = (message: string) => new HttpError(410, 'gone', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new HttpError(400, 'bad_request', message, details);
