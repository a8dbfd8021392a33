import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/roles.decorator.js';

@Controller('health')
@Public()
export class HealthController {
  /** The process answers: nothing else is checked (readiness is /health/ready). */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
