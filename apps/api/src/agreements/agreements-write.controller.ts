import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RegisterAgreementCommand, type WriteContext } from '@app/commands';
import { registerAgreementSchema, streamWrittenSchema, type RegisterAgreementBody } from '@app/contracts';
import { RequireRole } from '../auth/roles.decorator.js';
import { WriteCtx } from '../http/request-context.js';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor.js';
import { ApiBodyExamples, ApiWrite, REPLAYED_HEADER } from '../openapi/decorators.js';
import { AGREEMENT_REGISTERED_EXAMPLE, REGISTER_AGREEMENT_EXAMPLE } from '../openapi/examples.js';

@Controller('agreements')
@RequireRole('analyst')
@UseInterceptors(IdempotencyInterceptor)
@ApiTags('Agreements')
@ApiBearerAuth('bearer')
export class AgreementsWriteController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'registerAgreement',
    summary: 'Register an agreement',
    description:
      'Records an agreement and its terms. One that `autoRenews` renews by `termMonths` at each expiry unless notice is given; its notice window closes ' +
      '`noticeDays` before expiry (a deadline). Developments (non-renewal, suspension, withdrawal, renewal) then move its status.',
  })
  @ApiBodyExamples({ gsomia: { summary: 'GSOMIA (Japan–South Korea, signed 23 Nov 2016, renewed yearly, 90 days notice)', value: REGISTER_AGREEMENT_EXAMPLE } })
  @ApiCreatedResponse({ description: 'Registered.', standardSchema: streamWrittenSchema, example: AGREEMENT_REGISTERED_EXAMPLE, headers: REPLAYED_HEADER })
  @ApiWrite('agreement-exists', 'unknown-reference')
  async register(@Body({ schema: registerAgreementSchema }) body: RegisterAgreementBody, @WriteCtx() context: WriteContext) {
    const ref = await this.commands.execute(new RegisterAgreementCommand(body, context));
    return { id: body.id, version: ref.version, globalPosition: ref.globalPosition };
  }
}
