/**
 * The audit log: each staff action recorded with who, what, when and from where, read by admins in
 * the console and by the institution through the signed API, newest first, a page at a time, filtered.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntry, AuditLogPage } from '../../../shared/api/console';
import { consoleCall, createSignedInStaff, STRONG_PASSWORD, type SignedInStaff } from '../../support/console-client';
import { call, createAccount, type InstitutionKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

describeEachBackend('console audit log', (backend) => {
  let service: TestService;
  let key: InstitutionKey;
  let accountId: number;
  let admin: SignedInStaff;

  beforeAll(async () => {
    service = await startTestService(backend);
    key = await createAccount(service);
    accountId = Number(key.keyId);
    admin = await createSignedInStaff(service, accountId, ['admin'], 'auditor@example.edu');
    const proctor = await createSignedInStaff(service, accountId, ['proctor'], 'watched@example.edu');
    await consoleCall(service, 'POST', '/console/api/sign-in', {
      body: { accountId, email: 'watched@example.edu', password: 'not the password' },
      headers: { 'user-agent': 'stuffing-bot/1.0' },
    });
    await consoleCall(service, 'POST', '/console/api/sign-in', {
      body: { accountId, email: 'watched@example.edu', password: STRONG_PASSWORD },
    });
    await consoleCall(service, 'POST', '/console/api/sign-out', { cookie: proctor.cookie, csrf: proctor.csrf });
  });
  afterAll(() => service?.close());

  const consoleLog = (query = '') =>
    consoleCall<AuditLogPage>(service, 'GET', `/console/api/audit-log${query}`, { cookie: admin.cookie });

  it('records every action with who, what, when and from where', async () => {
    const page = await consoleLog('?limit=200');
    expect(page.status).toBe(200);
    const actions = page.body.entries.map((entry) => entry.action);
    expect(actions.slice().reverse()).toEqual([
      'staff.created',
      'invitation.accepted',
      'staff.created',
      'invitation.accepted',
      'sign_in.failed',
      'sign_in.succeeded',
      'sign_out',
    ]);
    const failed = page.body.entries.find((entry) => entry.action === 'sign_in.failed')!;
    expect(failed).toMatchObject({
      accountId,
      ip: '127.0.0.1',
      userAgent: 'stuffing-bot/1.0',
      details: { email: 'watched@example.edu' },
    });
    const signOut = page.body.entries.find((entry) => entry.action === 'sign_out')!;
    const proctorId = page.body.entries.find(
      (entry) => entry.action === 'invitation.accepted' && entry.staffUserId !== admin.userId,
    )!.staffUserId;
    expect(signOut.staffUserId).toBe(proctorId);
    expect(Date.parse(signOut.at)).toBeGreaterThan(0);
    // Nothing secret in the log: no password, no token.
    expect(JSON.stringify(page.body)).not.toContain(STRONG_PASSWORD);
    expect(JSON.stringify(page.body)).not.toContain('not the password');
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const all = (await consoleLog('?limit=200')).body.entries;
    const seen: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await consoleLog(query);
      expect(page.status).toBe(200);
      expect(page.body.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.entries);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
  });

  it('filters by action, actor and date', async () => {
    const failures = await consoleLog('?action=sign_in.failed');
    expect(failures.body.entries.map((entry) => entry.action)).toEqual(['sign_in.failed']);
    const mine = await consoleLog(`?actor=${admin.userId}`);
    expect(mine.body.entries.map((entry) => entry.action)).toEqual(['invitation.accepted']);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await consoleLog(`?from=${encodeURIComponent(future)}`)).body.entries).toEqual([]);
    expect((await consoleLog(`?to=${encodeURIComponent(future)}`)).body.entries.length).toBe(7);
    expect((await consoleLog('?action=not_an_action')).status).toBe(400);
  });

  it('serves the same log to the institution through GET /v1/audit-log, and only its own', async () => {
    const signed = await call<AuditLogPage>(service.baseUrl, 'GET', '/v1/audit-log?limit=200', { key });
    expect(signed.status).toBe(200);
    expect(signed.body).toEqual((await consoleLog('?limit=200')).body);
    const other = await createAccount(service);
    const empty = await call<AuditLogPage>(service.baseUrl, 'GET', '/v1/audit-log', { key: other });
    expect(empty.body).toEqual({ entries: [], nextCursor: null });
    expect((await call(service.baseUrl, 'GET', '/v1/audit-log')).status).toBe(401);
  });
});
