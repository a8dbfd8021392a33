import type { AlertListItem } from '@app/alerts';
import type { answerOf } from '@app/commands';
import type {
  agreementSchema,
  alertDeliverySchema,
  deadlineSchema,
  disputeSchema,
  disputeSummarySchema,
  escalationDaySchema,
  escalationSchema,
  eventRecordedSchema,
  measureSchema,
  projectionGenerationSchema,
  rebuildStartedSchema,
  sourceOutSchema,
  streamWrittenSchema,
  timelinePageSchema,
  webhookCreatedSchema,
  webhookSchema,
} from '@app/contracts';
import type { Source } from '@app/domain';
import type { AgreementView, DeadlineView, escalationHistoryView, EscalationView, MeasureView } from '@app/projections';
import type { z } from 'zod';
import type { ProjectionsAdminController } from '../admin/projections-admin.controller.js';
import type { AgreementsWriteController } from '../agreements/agreements-write.controller.js';
import type { ReadModelsService } from '../read-models/read-models.service.js';
import type { WebhooksController } from '../webhooks/webhooks.controller.js';

// Compile-time checks that the documented answer schemas (libs/contracts/src/responses) fit what the
// code answers, both ways: every answer a view can build is described by its schema (a field added to
// a view and not to its schema fails the build here), and every value the schema describes is one the
// view's type allows (enums, nullability). Where the code types a field as plain text and the schema
// names its values (a rung's name, a development's type), the first check compares the base types.
// Extra fields in a schema fail test/api/openapi.e2e-spec.ts, which parses real answers. Nothing here runs.

/** Enumerations as their base types: `'a' | 'b'` as string. */
type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends null | undefined
        ? T
        : T extends readonly (infer E)[]
          ? Widen<E>[]
          : T extends object
            ? { [K in keyof T]: Widen<T[K]> }
            : T;

/** True when the answer's and the schema's values fit each other; otherwise shows both. */
type Fits<Answer, Documented> = [Answer] extends [Widen<Documented>] ? ([Documented] extends [Answer] ? true : { documented: Documented; isNotAn: Answer }) : { answer: Answer; isNotDocumentedBy: Documented };
type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;

/** Fails to compile unless T is `true`. */
function fits<T extends true>(): T | void {}

fits<Fits<Answer<ReadModelsService['listDisputes']>[number], Out<typeof disputeSummarySchema>>>();
fits<Fits<Answer<ReadModelsService['dispute']>, Out<typeof disputeSchema>>>();
// A timeline item's sources are typed unknown[] (JSON from the database): they are the Sources recorded.
type Page = Answer<ReadModelsService['timeline']>;
type DocumentedPage = Out<typeof timelinePageSchema>;
fits<Fits<Omit<Page, 'items'>, Omit<DocumentedPage, 'items'>>>();
fits<Fits<Omit<Page['items'][number], 'sources'>, Omit<DocumentedPage['items'][number], 'sources'>>>();
fits<Fits<Source, Out<typeof sourceOutSchema>>>();
fits<Fits<Answer<ReadModelsService['escalation']>, Out<typeof escalationSchema>>>();
fits<Fits<EscalationView, Out<typeof escalationSchema>>>();
fits<Fits<ReturnType<typeof escalationHistoryView>[number], Out<typeof escalationDaySchema>>>();
fits<Fits<AgreementView, Out<typeof agreementSchema>>>();
fits<Fits<MeasureView, Out<typeof measureSchema>>>();
fits<Fits<DeadlineView, Out<typeof deadlineSchema>>>();
fits<Fits<AlertListItem, Out<typeof alertDeliverySchema>>>();
fits<Fits<ReturnType<typeof answerOf>, Out<typeof eventRecordedSchema>>>();
fits<Fits<Answer<AgreementsWriteController['register']>, Out<typeof streamWrittenSchema>>>();
fits<Fits<Answer<WebhooksController['create']>, Out<typeof webhookCreatedSchema>>>();
fits<Fits<Answer<WebhooksController['list']>[number], Out<typeof webhookSchema>>>();
fits<Fits<Answer<ProjectionsAdminController['list']>[number], Out<typeof projectionGenerationSchema>>>();
fits<Fits<Answer<ProjectionsAdminController['rebuild']>, Out<typeof rebuildStartedSchema>>>();
