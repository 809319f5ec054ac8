// Loaded before every test file. The Electron binary does not exist here, so main-process
// code is tested with the `electron` module mocked (see test/mocks/electron.ts, opted into per file).
// Test webhook receivers listen on loopback, which the service refuses as a webhook target unless
// told otherwise; the tests of that refusal unset it for themselves.
process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE = '1';

export {};
