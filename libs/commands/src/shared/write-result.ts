import type { AppendResult } from '@app/event-store';

export interface RecordedEventRef {
  eventId: string;
  streamId: string;
  version: number;
  globalPosition: number;
  /** Already in the log (a retry): nothing was appended. Not part of the HTTP answer. */
  replayed: boolean;
}

/** The answer the API gives for an appended event (CONTRACT.md). */
export const answerOf = ({ eventId, streamId, version, globalPosition }: RecordedEventRef) => ({ eventId, streamId, version, globalPosition });

/** The answer for each appended event; a replayed append answers as the first time. */
export function refsOf(result: AppendResult): RecordedEventRef[] {
  return result.events.map((e) => ({ eventId: e.id, streamId: result.streamId, version: e.streamVersion, globalPosition: e.globalPosition, replayed: result.idempotentReplay }));
}
