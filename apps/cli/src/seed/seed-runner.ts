import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  OpenDisputeCommand,
  RecordDevelopmentCommand,
  RegisterAgreementCommand,
  type RecordedEventRef,
  type WriteContext,
} from '@app/commands';
import { developmentSchema, openDisputeSchema, registerAgreementSchema } from '@app/contracts';
import type { DevelopmentInput } from '@app/domain';
import type { SeedScenario } from './seed-scenario.js';

export interface SeedOutcome {
  appended: number;
  alreadyRecorded: number;
  lastGlobalPosition: number;
}

/**
 * Records a scenario through the CommandBus, exactly as the API would: the same validation, the
 * same rules. Every write carries an idempotency key of its own, so a second run appends nothing.
 */
@Injectable()
export class SeedRunner {
  constructor(private readonly commands: CommandBus) {}

  async run(scenario: SeedScenario): Promise<SeedOutcome> {
    const outcome: SeedOutcome = { appended: 0, alreadyRecorded: 0, lastGlobalPosition: 0 };
    const context = (key: string): WriteContext => ({ recordedBy: 'seed', correlationId: `seed-${scenario.dispute.id}`, idempotency: { scope: 'seed', key } });
    const count = (ref: RecordedEventRef): void => {
      if (ref.replayed) outcome.alreadyRecorded += 1;
      else outcome.appended += 1;
      outcome.lastGlobalPosition = Math.max(outcome.lastGlobalPosition, ref.globalPosition);
    };
    const dispute = openDisputeSchema.parse(scenario.dispute);
    count(await this.commands.execute(new OpenDisputeCommand(dispute, context(`${dispute.id}:dispute`))));
    for (const body of scenario.agreements) {
      const agreement = registerAgreementSchema.parse(body);
      count(await this.commands.execute(new RegisterAgreementCommand(agreement, context(`agreement:${agreement.id}`))));
    }
    for (const step of scenario.steps) {
      const parsed = developmentSchema.safeParse(step.development);
      if (!parsed.success) throw new Error(`seed step ${step.key} is invalid: ${parsed.error.message}`);
      const development = parsed.data as DevelopmentInput;
      count(await this.commands.execute(new RecordDevelopmentCommand(dispute.id, development, context(`${dispute.id}:${step.key}`))));
    }
    return outcome;
  }

}
