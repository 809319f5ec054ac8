export * from './common';
export * from './errors';
export * from './exams';
export * from './sessions';
export * from './client';
export * from './webhooks';
export * from './recordings';
export * from './accounts';
