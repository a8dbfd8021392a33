import type { AppConfig } from '@app/config';
import { DeadlinesProjector } from './deadlines/deadlines.projector.js';
import type { Projection } from './runtime/projection.types.js';
import { TimelineProjector } from './timeline/timeline.projector.js';

/** Every projection of the service, by name. */
export function createProjections(config: Pick<AppConfig, 'alertLeadTimes'>): Projection[] {
  return [new TimelineProjector(), new DeadlinesProjector({ defaultLeadTimes: config.alertLeadTimes.map((d) => d.text) })];
}
