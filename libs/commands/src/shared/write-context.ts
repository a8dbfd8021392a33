import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { EventMetadata } from '@app/event-store';

/** Who writes, why, and under which guarantees; carried by every command. */
export interface WriteContext {
  /** The principal's name, or "system" for the service's own developments. */
  recordedBy: string;
  correlationId?: string;
  causationId?: string;
  /** An Idempotency-Key and whose it is: event ids derive from both, so a retry appends nothing. */
  idempotency?: { scope: string; key: string };
  /** If-Match: the version the target stream must be at. */
  expectedVersion?: number;
}

export const SYSTEM = 'system';

// Fixed namespace for name-based (v5) event ids; changing it would break idempotent retries.
const EVENT_ID_NAMESPACE = '4f3c2b1a-7d6e-5f40-9a8b-1c2d3e4f5a6b';

/** Event ids for a write: derived from the idempotency key when there is one, random otherwise. */
export function eventIds(context: WriteContext, count: number): string[] {
  const idem = context.idempotency;
  return Array.from({ length: count }, (_, i) => (idem ? uuidv5(`${idem.scope}\n${idem.key}\n${i}`, EVENT_ID_NAMESPACE) : randomUUID()));
}

export function metadataOf(context: WriteContext): EventMetadata {
  return {
    recordedBy: context.recordedBy,
    ...(context.correlationId ? { correlationId: context.correlationId } : {}),
    ...(context.causationId ? { causationId: context.causationId } : {}),
  };
}
