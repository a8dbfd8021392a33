export * from './alert-store.js';
export * from './private-addresses.js';
export * from './queues.js';
export * from './webhook-sender.js';
export * from './webhooks.repository.js';
