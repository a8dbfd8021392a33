import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { DATABASE } from '@app/database';
import {
  byOccurrence,
  decideAgreementDevelopment,
  decideDevelopment,
  disputeStreamId,
  DomainError,
  isAgreementDevelopmentType,
  plainFields,
  ruleBroken,
  unknownReference,
  type AgreementEvent,
  type AgreementTerms,
  type Development,
  type DevelopmentInput,
} from '@app/domain';
import { ConcurrencyError, EventStore, type NewEvent } from '@app/event-store';
import { LogQueries } from '../shared/log-queries.js';
import { eventIds, metadataOf, type WriteContext } from '../shared/write-context.js';
import { refsOf, type RecordedEventRef } from '../shared/write-result.js';

interface AgreementContext {
  terms: AgreementTerms;
  history: AgreementEvent[];
}

/**
 * Records developments in a dispute's stream, all at once or none. Developments without rules
 * are appended in one statement (the dispute must exist). Developments on agreements are judged
 * against each agreement as it stood at their date, under a per-agreement lock, so two writers
 * never both pass a rule that only one of them may pass; later ones in a batch see earlier ones.
 */
@Injectable()
export class DevelopmentRecorder {
  constructor(@Inject(DATABASE) private readonly db: Kysely<any>) {}

  /** `batch`: the inputs came as `developments[]`, and refusals name the index. */
  async record(disputeId: string, inputs: readonly DevelopmentInput[], context: WriteContext, batch = false): Promise<RecordedEventRef[]> {
    const agreementIds = [...new Set(inputs.flatMap((i) => ('agreementId' in i && i.agreementId ? [i.agreementId] : [])))];
    const ids = eventIds(context, inputs.length);
    const recordedAt = new Date();

    const decideAll = (agreements: Map<string, AgreementContext>): NewEvent[] =>
      inputs.map((input, i) => {
        try {
          const agreement = 'agreementId' in input && input.agreementId ? agreements.get(input.agreementId) : undefined;
          const fields =
            agreement && isAgreementDevelopmentType(input.type)
              ? decideAgreementDevelopment(agreement.terms, agreement.history, input as never)
              : plainFields(input as never);
          const data = decideDevelopment(disputeId, input as never, fields as never);
          if (agreement) {
            // Later developments of the batch are judged with this one in the history.
            const event = { eventId: ids[i]!, type: input.type, occurredAt: input.occurredAt, recordedAt, data } as Development;
            agreement.history = [...agreement.history, event as AgreementEvent].sort(byOccurrence);
          }
          return { id: ids[i], type: input.type, data, occurredAt: input.occurredAt, metadata: metadataOf(context) };
        } catch (error) {
          throw batch ? located(error, i) : error;
        }
      });

    const append = (store: EventStore, events: NewEvent[]) =>
      store.append(disputeStreamId(disputeId), events, context.expectedVersion ?? 'stream_exists').catch((error: unknown) => {
        throw disputeMissing(error, disputeId);
      });

    if (agreementIds.length === 0) {
      return refsOf(await append(new EventStore(this.db), decideAll(new Map())));
    }
    const refs = await this.db.transaction().execute(async (trx) => {
      const queries = new LogQueries(trx);
      await queries.lock(agreementIds.map((id) => `agreement:${id}`));
      if (context.idempotency) {
        const replayed = await queries.replay(disputeStreamId(disputeId), ids, inputs.map((i) => i.type));
        if (replayed) return replayed;
      }
      const agreements = new Map<string, AgreementContext>();
      for (const agreementId of agreementIds) {
        const terms = await queries.agreementTerms(agreementId);
        const at = inputs.findIndex((i) => 'agreementId' in i && i.agreementId === agreementId);
        if (!terms) throw unknownReference(batch ? `developments[${at}].agreementId` : 'agreementId', `no agreement ${agreementId}`);
        if (terms.disputeId && terms.disputeId !== disputeId) {
          throw ruleBroken('agreement-in-other-dispute', 'Agreement belongs to another dispute', `${agreementId} belongs to dispute ${terms.disputeId}`);
        }
        agreements.set(agreementId, { terms, history: await queries.agreementHistory(agreementId) });
      }
      return refsOf(await append(new EventStore(trx), decideAll(agreements)));
    });
    if (refs.some((r) => !r.replayed)) new EventStore(this.db).notifyAppended();
    return refs;
  }
}

/** A ConcurrencyError on a stream that is not there means the dispute is unknown. */
export function disputeMissing(error: unknown, disputeId: string): unknown {
  if (error instanceof ConcurrencyError && error.actualVersion === 0) {
    return new DomainError('dispute-not-found', 404, 'Dispute not found', `no dispute ${disputeId}`);
  }
  return error;
}

/** In a batch, a refusal names the development it concerns. */
function located(error: unknown, index: number): unknown {
  if (!(error instanceof DomainError)) return error;
  const field = error.field ? `developments[${index}].${error.field}` : `developments[${index}]`;
  return new DomainError(error.type, error.status, error.title, `developments[${index}]: ${error.message}`, field);
}
