/** The small logging surface main-process modules take as a dependency (console in production, silent in tests). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (message, fields) => console.log(`[vigil] ${message}`, fields ?? ''),
  warn: (message, fields) => console.warn(`[vigil] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[vigil] ${message}`, fields ?? ''),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
