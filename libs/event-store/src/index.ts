export * from './checkpoints.js';
export * from './event-store.errors.js';
export * from './event-store.js';
export * from './event-store.module.js';
export * from './event-store.types.js';
export * from './events-notifier.js';
export * from './log-subscription.js';
export * from './events-notifier.provider.js';
