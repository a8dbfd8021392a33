import { Controller, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable, takeUntil } from 'rxjs';
import { RequireRole } from '../auth/roles.decorator.js';
import { CHANGE_EXAMPLE } from '../openapi/examples.js';
import { ProjectionStateService } from '../read-models/projection-state.service.js';

/** Server-sent events as read models change: `event: change`, `data: {projection, id, globalPosition}`. */
@Controller('stream')
@RequireRole('viewer')
@ApiTags('Stream')
@ApiBearerAuth('bearer')
export class StreamController {
  constructor(private readonly projections: ProjectionStateService) {}

  @Sse()
  @ApiOperation({
    operationId: 'streamChanges',
    summary: 'Follow changes of the read models (SSE)',
    description:
      'Server-sent events: `event: change` with `data: {projection, id, globalPosition}` (the ChangeNotice schema) as read models change, so a client ' +
      're-reads only what changed (with `minPosition`); `event: ping` every 15 s keeps proxies from closing a quiet stream. The stream ends when the service shuts down.',
  })
  @ApiOkResponse({
    description: 'An endless `text/event-stream`.',
    content: {
      'text/event-stream': {
        schema: { type: 'string', description: 'Server-sent events; the `data` of each `change` event is a ChangeNotice (JSON).' },
        example: CHANGE_EXAMPLE,
      },
    },
  })
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
