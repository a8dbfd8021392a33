import type { Kysely } from 'kysely';
import type { AppConfig } from '@app/config';
import type { Db } from '@app/database';
import type { ProgressNotice, ProjectionStateService } from '../../apps/api/src/read-models/projection-state.service.js';
import { ReadModelsService } from '../../apps/api/src/read-models/read-models.service.js';

/** The api's reads as the dashboard calls them; each call on its own service, so nothing comes from its cache. */
export interface DashboardReads {
  /** GET /disputes (the list view). */
  disputes(): Promise<unknown>;
  /**
   * GET /disputes on a service that answered it before, right after a development in dispute `id`
   * (its change notice dropping that dispute's line): what a dashboard polling the list pays.
   */
  disputesAfterChange(id: string): Promise<unknown>;
  /** The same, right after a change to agreement `id` (a notice recorded on it in some dispute's log). */
  disputesAfterAgreementChange(id: string): Promise<unknown>;
  /** GET /disputes/{id} (the dispute view's header, measures, agreements, deadlines). */
  dispute(id: string): Promise<unknown>;
  /** GET /disputes/{id}/timeline?limit=200 (the view's first page). */
  timeline(id: string): Promise<unknown>;
  /** GET /disputes/{id}/escalation/history?from&to (the chart). */
  history(id: string, from: Date, to: Date): Promise<unknown>;
  /** GET /disputes/{id}/escalation?asOf= (a day picked on the chart). */
  escalationAt(id: string, asOf: Date): Promise<unknown>;
}

const TIMELINE_PAGE = 200;

/**
 * ReadModelsService itself (not a copy of its queries), with the active generations' schemas in
 * place of the projection-state service that follows the worker. A fresh service per call: "now"
 * reads are cached until a change, and what is measured here is the read the cache stands in for.
 */
export function dashboardReads(db: Kysely<any>, config: AppConfig, schemas: Record<string, string>): DashboardReads {
  const onChange: Array<(notice: ProgressNotice) => void> = [];
  const state = {
    schema: (projection: string) => {
      const schema = schemas[projection];
      if (!schema) throw new Error(`no active generation of ${projection}`);
      return schema;
    },
    onChange: (listener: (notice: ProgressNotice) => void) => onChange.push(listener),
  } as unknown as ProjectionStateService;
  const service = () => new ReadModelsService(db as Db, config, state);
  let warm: ReadModelsService | undefined;
  const afterChange = (change: { readModel: string; id: string }) => {
    if (!warm) (warm = service()).onModuleInit();
    const notice = { projection: 'timeline', generation: 0, checkpoint: { transactionId: '0', globalPosition: 0 }, recordedAt: new Date(), changes: [change] };
    for (const listener of onChange) listener(notice as ProgressNotice);
    return warm.listDisputes({});
  };
  return {
    disputes: () => service().listDisputes({}),
    disputesAfterChange: (id) => afterChange({ readModel: 'disputes', id }),
    disputesAfterAgreementChange: (id) => afterChange({ readModel: 'agreements', id }),
    dispute: (id) => service().dispute(id, {}),
    timeline: (id) => service().timeline(id, TIMELINE_PAGE, undefined, {}),
    history: (id, from, to) => service().escalationHistory(id, from, to, {}),
    escalationAt: (id, asOf) => service().escalation(id, { asOf }),
  };
}
