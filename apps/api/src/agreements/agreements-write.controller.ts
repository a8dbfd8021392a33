import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterAgreementCommand, type WriteContext } from '@app/commands';
import { registerAgreementSchema, type RegisterAgreementBody } from '@app/contracts';
import { RequireRole } from '../auth/roles.decorator.js';
import { WriteCtx } from '../http/request-context.js';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor.js';

@Controller('agreements')
@RequireRole('analyst')
@UseInterceptors(IdempotencyInterceptor)
export class AgreementsWriteController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async register(@Body({ schema: registerAgreementSchema }) body: RegisterAgreementBody, @WriteCtx() context: WriteContext) {
    const ref = await this.commands.execute(new RegisterAgreementCommand(body, context));
    return { id: body.id, version: ref.version, globalPosition: ref.globalPosition };
  }
}
