import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '@app/event-store';

/** The row every append benchmark writes, whether through the store or raw. */
export interface BenchEvent {
  id: string;
  type: string;
  data: DevelopmentData;
  metadata: EventMetadata;
  occurredAt: Date;
}

interface DevelopmentData {
  kind: string;
  actor: string;
  target: string;
  summary: string;
  source: { publisher: string; url: string; publishedAt: string };
  sequence: number;
}

export const DEVELOPMENT_TYPE = 'DevelopmentRecorded';

/**
 * A development as analysts record it (about 300 bytes of JSON), so that row width, jsonb parsing
 * and WAL volume are those of real use.
 */
export function developments(count: number, firstSequence: number): BenchEvent[] {
  const metadata: EventMetadata = { correlationId: randomUUID(), causationId: randomUUID(), recordedBy: 'analyst:bench' };
  const occurredAt = new Date();
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: DEVELOPMENT_TYPE,
    data: {
      kind: 'trusted-list-removal',
      actor: 'JP',
      target: 'KR',
      summary: 'Japan removes South Korea from its list of trusted export destinations (Group A) from 28 August 2019.',
      source: {
        publisher: 'METI',
        url: 'https://www.meti.go.jp/english/press/2019/0802_001.html',
        publishedAt: '2019-08-02',
      },
      sequence: firstSequence + i,
    },
    metadata,
    occurredAt,
  }));
}
