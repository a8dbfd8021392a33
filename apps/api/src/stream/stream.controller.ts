import { Controller, Sse, type MessageEvent } from '@nestjs/common';
import { interval, map, merge, Observable, takeUntil } from 'rxjs';
import { RequireRole } from '../auth/roles.decorator.js';
import { ProjectionStateService } from '../read-models/projection-state.service.js';

/** Server-sent events as read models change: `event: change`, `data: {projection, id, globalPosition}`. */
@Controller('stream')
@RequireRole('viewer')
export class StreamController {
  constructor(private readonly projections: ProjectionStateService) {}

  @Sse()
  stream(): Observable<MessageEvent> {
    const changes = new Observable<MessageEvent>((subscriber) =>
      this.projections.onChange((notice) => {
        const globalPosition = notice.checkpoint.globalPosition;
        if (!notice.changes) {
          subscriber.next({ type: 'change', data: { projection: notice.projection, id: null, globalPosition } });
          return;
        }
        for (const change of notice.changes) subscriber.next({ type: 'change', data: { projection: change.readModel, id: change.id, globalPosition } });
      }),
    );
    // Keeps proxies from closing a quiet stream.
    const pings = interval(15_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    const shutdown = new Observable<void>((subscriber) => this.projections.onShutdown(() => subscriber.next()));
    return merge(changes, pings).pipe(takeUntil(shutdown));
  }
}
