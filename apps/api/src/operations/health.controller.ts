import { Controller, Get, Header, type OnApplicationShutdown } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator.js';
import { ReadinessIndicators } from './readiness.indicators.js';

@Controller('health')
@Public()
export class HealthController implements OnApplicationShutdown {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  /** The process answers: nothing else is checked (readiness is /health/ready). */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** PostgreSQL and Redis answer, and the read models keep up with the log; 503 otherwise. */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.indicators.postgres(), () => this.indicators.redisUp(), () => this.indicators.projectionsCaughtUp()]);
  }

  onApplicationShutdown(): Promise<void> {
    return this.indicators.close();
  }
}
