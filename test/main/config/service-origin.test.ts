import { describe, expect, it } from 'vitest';
import { resolveAppConfig } from '../../../main/config/app-config';
import { isLoopbackHost, ServiceOriginError, serviceUrlProblem } from '../../../main/config/service-origin';

const production = { production: true };
const development = { production: false };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceOriginError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('a production build pins the service origin to https', () => {
  it('takes https from the managed configuration, and refuses plain http there, even to loopback', () => {
    expect(
      resolveAppConfig({
        managed: { serviceUrl: 'https://exams.centre.example' },
        user: {},
        env: {},
        build: production,
      }),
    ).toMatchObject({ serviceUrl: 'https://exams.centre.example', serviceUrlSource: 'managed' });
    expect(
      refusal(() =>
        resolveAppConfig({
          managed: { serviceUrl: 'http://exams.centre.example' },
          user: {},
          env: {},
          build: production,
        }),
      ),
    ).toMatch(/managed setting.*plain http; a production build talks to its service over https only/);
    expect(
      refusal(() =>
        resolveAppConfig({ managed: { serviceUrl: 'http://127.0.0.1:8080' }, user: {}, env: {}, build: production }),
      ),
    ).toMatch(/https only/);
  });

  it('takes the URL fixed at build time when no managed file names one, and refuses it over http', () => {
    const build = { production: true, serviceUrl: 'https://exams.vendor.example' };
    expect(resolveAppConfig({ managed: null, user: {}, env: {}, build })).toMatchObject({
      serviceUrl: 'https://exams.vendor.example',
      serviceUrlSource: 'build',
    });
    expect(
      refusal(() =>
        resolveAppConfig({
          managed: null,
          user: {},
          env: {},
          build: { production: true, serviceUrl: 'http://x.example' },
        }),
      ),
    ).toMatch(/from the build setting.*https only/);
  });

  it("ignores the candidate's own settings (user setting, VIGIL_SERVICE_URL): a proxy cannot be slipped in", () => {
    const config = resolveAppConfig({
      managed: null,
      user: { serviceUrl: 'https://proxy.candidate.example' },
      env: { VIGIL_SERVICE_URL: 'https://proxy.candidate.example' },
      build: { production: true, serviceUrl: 'https://exams.vendor.example' },
    });
    expect(config.serviceUrl).toBe('https://exams.vendor.example');
    expect(config.lockedSettings.has('serviceUrl')).toBe(true);
    // Nothing but the candidate's settings, and no build-time URL: refused, never the http default.
    expect(
      refusal(() =>
        resolveAppConfig({
          managed: null,
          user: { serviceUrl: 'https://proxy.candidate.example' },
          env: { VIGIL_SERVICE_URL: 'https://proxy.candidate.example' },
          build: production,
        }),
      ),
    ).toMatch(/names no exam service.*"serviceUrl".*MAIN_VITE_VIGIL_SERVICE_URL/);
  });

  it('refuses a URL carrying credentials or another scheme', () => {
    expect(serviceUrlProblem('https://user:pw@exams.example', true)).toMatch(/user name or password/);
    expect(serviceUrlProblem('ws://exams.example', false)).toMatch(/neither https nor http/);
    expect(serviceUrlProblem('not a url', false)).toMatch(/not a URL/);
  });
});

describe('development builds and tests accept plain http to loopback only', () => {
  it.each([
    'http://127.0.0.1:8080',
    'http://127.1.2.3:9',
    'http://localhost:8080',
    'http://LOCALHOST',
    'http://[::1]:8080/',
    'https://exams.example',
  ])('accepts %s', (url) => {
    expect(
      resolveAppConfig({ managed: null, user: {}, env: { VIGIL_SERVICE_URL: url }, build: development }),
    ).toMatchObject({ serviceUrl: url, serviceUrlSource: 'environment' });
  });

  it.each([
    'http://exams.example',
    'http://10.0.0.5:8080',
    'http://127.0.0.1.nip.io:8080',
    'http://localhost.evil.example',
    'http://[::ffff:7f00:1]',
    'http://0.0.0.0:8080',
  ])('refuses %s', (url) => {
    expect(
      refusal(() => resolveAppConfig({ managed: null, user: { serviceUrl: url }, env: {}, build: development })),
    ).toMatch(/plain http to another machine; plain http is accepted for loopback only/);
  });

  it('defaults to the loopback service without any setting, as before', () => {
    expect(resolveAppConfig({ managed: null, user: {}, env: {} })).toMatchObject({
      serviceUrl: 'http://127.0.0.1:8080',
      serviceUrlSource: 'default',
    });
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});
