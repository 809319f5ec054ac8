/** The demo seed `npm start` relies on: created once, reused after, a fresh launch code on every call. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Exam } from '../../../shared/api/exams';
import { DEMO_ACCOUNT_NAME, ensureDemo } from '../../../server/demo/seed-demo';
import { call, launch } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

describeEachBackend('demo seed', (backend) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(backend);
  });
  afterAll(() => service?.close());

  it('creates the demo institution, exam and candidate once, with the demo exam page as startUrl', async () => {
    const first = await ensureDemo(service.app, { publicBaseUrl: `${service.baseUrl}/` });
    expect(first.secretKey).toMatch(/^[0-9a-f]{64}$/);
    const exam = await call<Exam>(service.baseUrl, 'GET', `/v1/exams/${first.examId}`, {
      key: { keyId: first.accountId, secretKey: first.secretKey! },
    });
    expect(exam.body).toMatchObject({
      startUrl: `${service.baseUrl}/demo-exam`,
      policy: { allowPreview: true, autoApprove: true },
    });

    const second = await ensureDemo(service.app, { publicBaseUrl: service.baseUrl });
    expect(second).toMatchObject({ accountId: first.accountId, examId: first.examId, sessionId: first.sessionId });
    expect(second.secretKey).toBeUndefined();
    expect(second.launchCode).not.toBe(first.launchCode);
    expect(second.launchUrl).toBe(`vigil://launch/${second.launchCode}`);
    // Only the latest code of an unused session is valid.
    expect((await launch(service, first.launchCode)).status).toBe(404);
    const launched = await launch(service, second.launchCode, 'preview');
    expect(launched.status).toBe(200);
    expect(launched.body.exam.startUrl).toBe(`${service.baseUrl}/demo-exam`);

    // Its session is now used: the next call makes a new candidate session.
    const third = await ensureDemo(service.app, { publicBaseUrl: service.baseUrl });
    expect(third.sessionId).not.toBe(first.sessionId);
    expect((await launch(service, third.launchCode)).status).toBe(200);
    expect(
      (await service.app.services.accounts.list()).filter((account) => account.name === DEMO_ACCOUNT_NAME),
    ).toHaveLength(1);

    // Started on another address, the demo points at the new one.
    const moved = await ensureDemo(service.app, { publicBaseUrl: 'http://127.0.0.1:9999' });
    expect(moved.examId).toBe(first.examId);
    const relaunched = await launch(service, moved.launchCode);
    expect(relaunched.body.exam.startUrl).toBe('http://127.0.0.1:9999/demo-exam');
  });
});
