import type { ExpectedVersion } from './event-store.types.js';

/** The stream was not at the expected version; `actualVersion` is 0 when it does not exist. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, expected ${String(expected)}`);
    this.name = 'ConcurrencyError';
  }
}

/** An event id already in the log with different content (or in another stream). */
export class IdempotencyConflictError extends Error {
  constructor(
    readonly eventIds: string[],
    detail: string,
  ) {
    super(detail);
    this.name = 'IdempotencyConflictError';
  }
}

/** Another process moved the checkpoint: this one no longer owns the projection. */
export class CheckpointConflictError extends Error {
  constructor(readonly name_: string) {
    super(`checkpoint ${name_} was moved by another process`);
    this.name = 'CheckpointConflictError';
  }
}
