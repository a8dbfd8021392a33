export * from './agreement.schema.js';
export * from './common.schema.js';
export * from './country-codes.js';
export * from './development.schema.js';
export * from './dispute.schema.js';
export * from './validation-errors.js';
export * from './read.schema.js';
export * from './webhook.schema.js';
