/** The demo exam page in real Chromium: its strict CSP lets its own style through, and Submit lands on the submitted page. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../../support/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXAM_CSP } from '../../../server/demo/demo-exam-page';
import { startTestService, type TestService } from '../../support/service-harness';

describe('demo exam page', () => {
  let service: TestService;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    service = await startTestService('sqlite');
    profile = mkdtempSync(join(tmpdir(), 'vigil-demo-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: chromiumArgs(),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('serves plain HTML under a strict CSP with no external resources', async () => {
    const response = await fetch(`${service.baseUrl}/demo-exam`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(DEMO_EXAM_CSP);
    expect(DEMO_EXAM_CSP).toMatch(/default-src 'none'/);
    const html = await response.text();
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('renders styled, violates nothing, and submits', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/.test(message.text())) violations.push(message.text());
    });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${service.baseUrl}/demo-exam`);
    // The hashed inline stylesheet applied: the button has its colour.
    expect(await page.evaluate("getComputedStyle(document.querySelector('#submit')).backgroundColor")).toBe(
      'rgb(36, 80, 166)',
    );
    expect(await page.locator('fieldset').count()).toBe(3);
    await page.getByLabel('56').check();
    await page.getByLabel('Carbon dioxide').check();
    await page.getByLabel('Mercury').check();
    await page.locator('#submit').click();
    await page.waitForURL(/\/demo-exam\/submitted/);
    expect(await page.locator('body').getAttribute('data-vigil-exam-status')).toBe('submitted');
    expect(await page.locator('#submitted').textContent()).toContain('3 of 3 answered');
    expect(violations).toEqual([]);
    expect(requests.every((url) => url.startsWith(service.baseUrl))).toBe(true);
    await page.close();
  });
});
