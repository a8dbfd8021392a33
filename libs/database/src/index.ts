export * from './create-database.js';
export * from './database.module.js';
export * from './database.types.js';
export * from './migrate.js';
export * from './api-keys.js';
