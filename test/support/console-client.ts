/**
 * The staff console as a browser drives it, over real HTTP: the session cookie kept from Set-Cookie,
 * Origin on state-changing requests (a browser always sends it), X-CSRF-Token when given.
 */
import type { StaffRole } from '../../shared/api/console';
import type { TestService } from './service-harness';

export interface ConsoleResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ConsoleRequest {
  body?: unknown;
  /** The cookie header to send (`name=value`). */
  cookie?: string | undefined;
  csrf?: string | undefined;
  /** Default: the service's own origin; null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

export async function consoleCall<T = unknown>(
  service: TestService,
  method: string,
  path: string,
  request: ConsoleRequest = {},
): Promise<ConsoleResult<T>> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.cookie) headers.cookie = request.cookie;
  if (request.csrf !== undefined) headers['x-csrf-token'] = request.csrf;
  const origin = request.origin === undefined ? service.baseUrl : request.origin;
  if (origin !== null && method !== 'GET') headers.origin = origin;
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers,
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** `name=value` of the first Set-Cookie, as a browser would send it back. */
export function cookieFrom(result: ConsoleResult): string {
  const setCookie = result.headers.get('set-cookie');
  if (!setCookie) throw new Error(`No Set-Cookie (status ${result.status})`);
  return setCookie.split(';')[0]!;
}

export const STRONG_PASSWORD = 'correct horse battery staple';

export interface SignedInStaff {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
}

/** A staff user created as the CLI does, their invitation accepted with STRONG_PASSWORD: signed in. */
export async function createSignedInStaff(
  service: TestService,
  accountId: number,
  roles: StaffRole[],
  email = `staff-${Math.random().toString(36).slice(2, 10)}@example.edu`,
): Promise<SignedInStaff> {
  const created = await service.app.services.staff.create(
    { accountId, email, roles },
    { staffUserId: null, origin: { ip: null, userAgent: 'test' } },
  );
  const accepted = await consoleCall<{ csrfToken: string; user: { id: string } }>(
    service,
    'POST',
    '/console/api/invitations/accept',
    { body: { token: created.invitationToken, password: STRONG_PASSWORD } },
  );
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { userId: accepted.body.user.id, email, cookie: cookieFrom(accepted), csrf: accepted.body.csrfToken };
}
