import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { createProjections, type Projection } from '@app/projections';

export const PROJECTIONS = Symbol('PROJECTIONS');
export type ProjectionList = readonly Projection[];

export const projectionsProvider: Provider = { provide: PROJECTIONS, inject: [APP_CONFIG], useFactory: (config: AppConfig): ProjectionList => createProjections(config) };
