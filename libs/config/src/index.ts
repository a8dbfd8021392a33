export * from './app-config.js';
export * from './config.module.js';
export * from './iso-duration.js';
export * from './logger.js';
export * from './load-config-or-exit.js';
export * from './clock.js';
