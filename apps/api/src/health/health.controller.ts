import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';
import { ShutdownSignal } from './shutdown-signal.js';

// Liveness: the process answers. Readiness and /health: the database answers too.
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealthIndicator,
    private readonly shutdown: ShutdownSignal,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.ping()]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    if (this.shutdown.isDraining) throw new ServiceUnavailableException({ status: 'shutting_down' });
    return this.health.check([() => this.db.ping()]);
  }

  @Get('live')
  live() {
    return { status: 'ok' };
  }
}
