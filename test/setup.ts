// Loaded before every test file. The Electron binary does not exist here, so main-process
// code is tested with the `electron` module mocked (see test/mocks/electron.ts, opted into per file).
export {};
