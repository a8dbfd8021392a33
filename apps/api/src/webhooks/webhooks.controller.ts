import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { createWebhook, deleteWebhook, listWebhooks, newWebhookSecret, PrivateAddressError, recentDeliveries, resolvePublic } from '@app/alerts';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { alertsQuerySchema, createWebhookSchema, type CreateWebhookBody } from '@app/contracts';
import { DATABASE, type Db } from '@app/database';
import { RequireRole } from '../auth/roles.decorator.js';
import { badField, ProblemException, problemType } from '../problems/problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where alerts go (admin), and what was delivered (viewer). */
@Controller()
export class WebhooksController {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The secret is shown once, here; deliveries are signed with it (Standard Webhooks). */
  @Post('webhooks')
  @HttpCode(201)
  @RequireRole('admin')
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
  async remove(@Param('id') id: string): Promise<void> {
    if (!UUID.test(id) || !(await deleteWebhook(this.db, id))) {
      throw new ProblemException({ type: problemType('webhook-not-found'), title: 'Webhook not found', status: 404, detail: `no webhook ${id}` });
    }
  }

  /** Deliveries, newest first: one per alert and webhook, with their attempts and outcome. */
  @Get('alerts')
  @RequireRole('viewer')
  alerts(@Query({ schema: alertsQuerySchema }) query: { limit?: number }) {
    return recentDeliveries(this.db, query.limit ?? 100);
  }
}
