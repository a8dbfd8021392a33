import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { createWebhook, deleteWebhook, listWebhooks, newWebhookSecret, PrivateAddressError, recentDeliveries, resolvePublic } from '@app/alerts';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { alertDeliverySchema, alertsQuerySchema, createWebhookSchema, webhookCreatedSchema, webhookSchema, type CreateWebhookBody } from '@app/contracts';
import { DATABASE, type Db } from '@app/database';
import { RequireRole } from '../auth/roles.decorator.js';
import { ApiBodyExamples, ApiJsonBody, ApiProblems } from '../openapi/decorators.js';
import { ALERTS_EXAMPLE, CREATE_WEBHOOK_EXAMPLE, WEBHOOK_CREATED_EXAMPLE, WEBHOOKS_EXAMPLE } from '../openapi/examples.js';
import { badField, ProblemException, problemType } from '../problems/problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where alerts go (admin), and what was delivered (viewer). */
@Controller()
@ApiBearerAuth('bearer')
export class WebhooksController {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The secret is shown once, here; deliveries are signed with it (Standard Webhooks). */
  @Post('webhooks')
  @HttpCode(201)
  @RequireRole('admin')
  @ApiTags('Webhooks')
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Add a webhook',
    description:
      'Every alert is POSTed to every webhook as JSON `{type: "deadline.approaching"|"deadline.reached", deadline, leadTime, firedAt, late}`, signed per ' +
      'Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`), retried with backoff ' +
      'on non-2xx or timeout, and stopped by 410. URLs on loopback or private addresses are refused unless WEBHOOK_ALLOW_PRIVATE is set.',
  })
  @ApiBodyExamples({ receiver: { summary: 'A receiver; the secret is drawn for it', value: CREATE_WEBHOOK_EXAMPLE } })
  @ApiCreatedResponse({ description: 'Added: the secret is shown only here.', standardSchema: webhookCreatedSchema, example: WEBHOOK_CREATED_EXAMPLE })
  @ApiJsonBody()
  async create(@Body({ schema: createWebhookSchema }) body: CreateWebhookBody) {
    try {
      await resolvePublic(new URL(body.url).hostname, this.config.webhookAllowPrivate);
    } catch (error) {
      if (error instanceof PrivateAddressError) throw badField('url', error.message, '/url');
      throw badField('url', `its host does not resolve (${(error as Error).message})`, '/url');
    }
    const webhook = await createWebhook(this.db, body.url, body.secret ?? newWebhookSecret());
    return { id: webhook.id, url: webhook.url, secret: webhook.secret, createdAt: webhook.createdAt.toISOString() };
  }

  @Get('webhooks')
  @RequireRole('admin')
  @ApiTags('Webhooks')
  @ApiOperation({ operationId: 'listWebhooks', summary: 'List webhooks', description: 'Without their secrets; a webhook whose receiver answered 410 is disabled.' })
  @ApiOkResponse({ description: 'The webhooks.', standardSchema: webhookSchema, isArray: true, example: WEBHOOKS_EXAMPLE })
  @ApiProblems('database-unavailable')
  async list() {
    return (await listWebhooks(this.db)).map((w) => ({
      id: w.id,
      url: w.url,
      createdAt: w.createdAt.toISOString(),
      disabledAt: w.disabledAt?.toISOString() ?? null,
      disabledReason: w.disabledReason,
    }));
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiTags('Webhooks')
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Remove a webhook', description: 'No further alerts go to it.' })
  @ApiParam({ name: 'id', description: 'The webhook.', schema: { type: 'string', format: 'uuid', example: '3f1c2a9e-8d4b-4c7a-9e21-5b6f0d8a7c31' } })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems('webhook-not-found', 'database-unavailable')
  async remove(@Param('id') id: string): Promise<void> {
    if (!UUID.test(id) || !(await deleteWebhook(this.db, id))) {
      throw new ProblemException({ type: problemType('webhook-not-found'), title: 'Webhook not found', status: 404, detail: `no webhook ${id}` });
    }
  }

  /** Deliveries, newest first: one per alert and webhook, with their attempts and outcome. */
  @Get('alerts')
  @RequireRole('viewer')
  @ApiTags('Alerts')
  @ApiOperation({
    operationId: 'listAlerts',
    summary: 'List alert deliveries',
    description: 'Newest first: one per alert and webhook, with its attempts and outcome (`late` when it fired after its time, on recovery).',
  })
  @ApiOkResponse({ description: 'The deliveries.', standardSchema: alertDeliverySchema, isArray: true, example: ALERTS_EXAMPLE })
  @ApiProblems('invalid-query', 'database-unavailable')
  alerts(@Query({ schema: alertsQuerySchema }) query: { limit?: number }) {
    return recentDeliveries(this.db, query.limit ?? 100);
  }
}
